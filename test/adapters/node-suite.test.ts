/** The adapter conformance suite on the node:http entry point (`withSession`). */
import { createServer } from 'node:http';
import { withSession } from '../../src/adapters/node.ts';
import { StoreError } from '../../src/errors.ts';
import { runInteropAdapterSuite } from './interop-suite.ts';
import { listen, paced, runAdapterSuite, type AdapterHarness } from './suite.ts';

const harness: AdapterHarness = {
  name: 'node:http (withSession)',
  raw: 'withSession holds writeHead/write/end until the commit; loadSession/commitSession are covered in node.test.ts',
  async makeServer(manager, routes) {
    const reported: unknown[] = [];
    const handler = withSession(
      manager,
      async (req, res, session) => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        const route = routes[url.pathname];
        if (route === undefined) {
          res.writeHead(404).end();
          return;
        }
        const result = await route(session, url.searchParams);
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        if (result.kind === 'text') return void res.end(result.body);
        for await (const chunk of paced(result.chunks)) res.write(chunk);
        res.end();
      },
      {
        // The default handler's answer (503 for a store outage, else 500), recording the error instead of logging it.
        onError(error, _req, res) {
          reported.push(error);
          res.writeHead(error instanceof StoreError ? 503 : 500).end();
        },
      },
    );
    return listen(createServer(handler), reported);
  },
};
runAdapterSuite(harness);
runInteropAdapterSuite(harness);
