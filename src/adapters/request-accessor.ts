/**
 * Internal: a per-request property (`req.session`) that costs no hidden-class change per request.
 *
 * Express swaps the prototype of every request (`Object.setPrototypeOf(req, app.request)`), and
 * on such an object V8 builds a new hidden class for each property added, about 4 µs each
 * (measured on Node 20). So the property is an accessor, installed once on the topmost
 * swapped-in prototype (Express's own `request`, which every app's and every mounted sub-app's
 * `request` inherits from), computing the value from what the request already carries.
 * @module
 */
import { IncomingMessage } from 'node:http';

/** The topmost prototype swapped in above IncomingMessage.prototype, or null when `req`'s was not swapped. */
function swappedPrototype(req: object): object | null {
  let proto = Object.getPrototypeOf(req) as object | null;
  if (proto === IncomingMessage.prototype || proto === null) return null;
  for (;;) {
    const up = Object.getPrototypeOf(proto) as object | null;
    if (up === null) return null;
    if (up === IncomingMessage.prototype) return proto;
    proto = up;
  }
}

/** Prototypes given an accessor, per property name. */
const installed = new Map<string, WeakSet<object>>();

/**
 * Makes `req[name]` read `value` without adding a property to `req` where that is possible:
 * `read` (installed once per prototype as the accessor's getter; it must give `value` for this
 * request from now on) serves it. Where it cannot (the request's prototype was not swapped, the
 * request or a prototype in between has its own `name`), `value` becomes an own property.
 * Assigning `req[name]` later (another middleware, the application) makes an own property that
 * takes precedence, as it would without the accessor.
 */
export function exposeOnRequest(req: object, name: string, value: unknown, read: (req: object) => unknown): void {
  const proto = swappedPrototype(req);
  if (proto !== null) {
    let protos = installed.get(name);
    if (protos === undefined) installed.set(name, (protos = new WeakSet()));
    if (!protos.has(proto) && !Object.hasOwn(proto, name)) {
      Object.defineProperty(proto, name, {
        get(this: object) {
          return read(this);
        },
        set(this: object, assigned: unknown) {
          Object.defineProperty(this, name, { value: assigned, writable: true, enumerable: true, configurable: true });
        },
        enumerable: false,
        configurable: true,
      });
      protos.add(proto);
    }
    if ((req as Record<string, unknown>)[name] === value) return;
  }
  Object.defineProperty(req, name, { value, writable: true, enumerable: true, configurable: true });
}
