/** The hand-written signed floor (bench/http/floors/signed.ts) on node:http. */
import { createSignedFloor } from '../floors/signed.ts';
import { serveNode } from './common.ts';

serveNode(createSignedFloor());
