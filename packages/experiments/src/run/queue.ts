// A minimal async queue: producers push, one consumer iterates; fail() ends the iteration with an error.
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #waiting: ((r: IteratorResult<T>) => void) | undefined;
  #reject: ((e: unknown) => void) | undefined;
  #done = false;
  #error: unknown;
  #failed = false;

  push(item: T): void {
    if (this.#done) return;
    const w = this.#waiting;
    if (w) {
      this.#waiting = undefined;
      this.#reject = undefined;
      w({ value: item, done: false });
    } else this.#items.push(item);
  }
  end(): void {
    this.#done = true;
    const w = this.#waiting;
    this.#waiting = undefined;
    this.#reject = undefined;
    w?.({ value: undefined, done: true });
  }
  fail(error: unknown): void {
    if (this.#done) return;
    this.#failed = true;
    this.#error = error;
    this.#done = true;
    const r = this.#reject;
    this.#waiting = undefined;
    this.#reject = undefined;
    r?.(error);
  }
  next(): Promise<IteratorResult<T>> {
    if (this.#items.length > 0) return Promise.resolve({ value: this.#items.shift()!, done: false });
    if (this.#failed) {
      this.#failed = false;
      return Promise.reject(this.#error);
    }
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiting = resolve;
      this.#reject = reject;
    });
  }
  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }
}
