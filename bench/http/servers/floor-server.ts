/** The hand-written server floor (bench/http/floors/server.ts) on node:http. */
import { createServerFloor } from '../floors/server.ts';
import { serveNode } from './common.ts';

serveNode(createServerFloor());
