/**
 * The demo's shop as the fault experiment uses it: shoppers whose sessions hold a cart with a
 * known content, committed before the outage, and the checks that the cart is still there after.
 * Shopper `i` holds `1 + i % 5` teas and `1 + ⌊i / 5⌋ % 5` coffees; the load only ever adds honey,
 * so those two quantities must come back exactly.
 * @module
 */
import { PRODUCTS } from '../../demo/catalogue.ts';

/** A session of the demo: its cookie and the CSRF token its forms carry. */
export interface Shopper {
  readonly index: number;
  /** The `Cookie` request header (the session cookie). */
  readonly cookie: string;
  /** A CSRF token of this session, valid for every form post. */
  readonly csrf: string;
}

/** The quantities shopper `index` committed before the outage. */
export function expectedCart(index: number): Readonly<Record<'tea' | 'coffee', number>> {
  return { tea: 1 + (index % 5), coffee: 1 + (Math.floor(index / 5) % 5) };
}

/** The headers and body of a form post adding `product` to the shopper's cart (`POST /cart/add`, answered 303). */
export function addToCartRequest(base: string, shopper: Shopper, product: string): { headers: Record<string, string>; body: string } {
  return {
    headers: { cookie: shopper.cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ product, _csrf: shopper.csrf }).toString(),
  };
}

/** Product id by the name the cart table shows. */
const ID_BY_NAME = new Map(PRODUCTS.map((p) => [p.name, p.id]));

/** The cart a `GET /cart` page shows: product id to quantity (names in the demo's catalogue need no HTML escaping). */
export function parseCart(page: string): Record<string, number> {
  const cart: Record<string, number> = {};
  for (const m of page.matchAll(/<tr><td>([^<]+)<\/td><td class="num">(\d+)<\/td>/g)) {
    const id = ID_BY_NAME.get(m[1]!);
    if (id !== undefined) cart[id] = Number(m[2]);
  }
  return cart;
}

/** Opens a session (`GET /cart` gives the cookie and a CSRF token), then fills its cart as {@link expectedCart} says. */
export async function createShopper(base: string, index: number): Promise<Shopper> {
  const res = await fetch(`${base}/cart`, { redirect: 'manual' });
  const page = await res.text();
  const cookie = res.headers
    .getSetCookie()
    .map((line) => line.split(';', 1)[0]!)
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1];
  if (res.status !== 200 || cookie === '' || csrf === undefined) throw new Error(`GET /cart gave no session (status ${res.status})`);
  const shopper: Shopper = { index, cookie, csrf };
  const want = expectedCart(index);
  for (const product of ['tea', 'coffee'] as const) {
    for (let n = 0; n < want[product]; n++) {
      const post = await fetch(`${base}/cart/add`, { method: 'POST', redirect: 'manual', ...addToCartRequest(base, shopper, product) });
      await post.arrayBuffer();
      if (post.status !== 303) throw new Error(`POST /cart/add for shopper ${index} answered ${post.status}`);
    }
  }
  return shopper;
}

/** What a shopper's session holds now, compared with what it committed: null when intact, else why not. */
export async function checkShopper(base: string, shopper: Shopper): Promise<string | null> {
  let res: Response;
  let page: string;
  try {
    res = await fetch(`${base}/cart`, { headers: { cookie: shopper.cookie }, redirect: 'manual', signal: AbortSignal.timeout(10_000) });
    page = await res.text();
  } catch (error) {
    return `GET /cart failed: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (res.status !== 200) return `GET /cart answered ${res.status}`;
  const cart = parseCart(page);
  const want = expectedCart(shopper.index);
  if (cart.tea !== want.tea || cart.coffee !== want.coffee) return `cart ${JSON.stringify(cart)}, expected ${JSON.stringify(want)} (plus honey)`;
  return null;
}
