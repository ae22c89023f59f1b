/**
 * The HTTP benchmark's suites by `--suite` name: `engine` (the engine issue: tessera's modes on
 * node:http against floors and peers), `stores` (each real store on node:http and Express
 * against floors and express-session's stores), `frameworks` (each framework adapter against
 * the framework's usual session package and a hand-written floor).
 * @module
 */
import type { Suite } from '../contenders.ts';
import { ENGINE } from './engine.ts';
import { FRAMEWORKS } from './frameworks.ts';
import { STORES } from './stores.ts';

export const SUITES: Readonly<Record<'engine' | 'stores' | 'frameworks', Suite>> = { engine: ENGINE, stores: STORES, frameworks: FRAMEWORKS };
