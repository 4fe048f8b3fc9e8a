// Pages of a list. `list()` returns a PagePromise: await it for one Page, or iterate it for
// every item of every page. The next page's cursor is computed in Rust (protocol's rule).
import { APIPromise } from "./api-promise.js";
import { M8tesError } from "./errors.js";

export class Page {
  #fetchPage;
  #params;
  #next;

  constructor(fetchPage, params, body, next) {
    const page = JSON.parse(body);
    this.data = page.data;
    this.has_more = page.has_more;
    this.next_starting_after = page.next_starting_after ?? null;
    this.#fetchPage = fetchPage;
    this.#params = params;
    this.#next = next;
  }

  hasNextPage() {
    return this.#next !== null && this.#next !== undefined;
  }

  /** The next page, with the same filters and `limit`. */
  getNextPage() {
    // An M8tesError like every other failure of the package, so one `catch` handles them all.
    if (!this.hasNextPage()) return Promise.reject(new M8tesError("no next page: check hasNextPage() first"));
    return this.#fetchPage({ ...this.#params, starting_after: this.#next });
  }

  *[Symbol.iterator]() {
    yield* this.data;
  }
}

/** A list's first page as an APIPromise (so `.withResponse()` works), that also iterates. */
export class PagePromise extends APIPromise {
  async *autoPagingIter() {
    let page = await this;
    for (;;) {
      yield* page.data;
      if (!page.hasNextPage()) return;
      page = await page.getNextPage();
    }
  }

  [Symbol.asyncIterator]() {
    return this.autoPagingIter();
  }
}
