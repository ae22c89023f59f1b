/** The hand-written sealed floor (bench/http/floors/sealed.ts) on node:http. */
import { createSealedFloor } from '../floors/sealed.ts';
import { serveNode } from './common.ts';

serveNode(createSealedFloor());
