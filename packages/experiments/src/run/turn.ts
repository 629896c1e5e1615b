// One macrotask turn, so messages queued for this thread (a worker's control port, a UI's clicks) are
// delivered between grid points. MessageChannel exists in browsers, Web Workers and Node ≥ 15; setTimeout
// is the fallback. No setImmediate: the engine must bundle for the browser.
export function nextTurn(): Promise<void> {
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      // onmessage (not addEventListener) starts the port in browsers and in Node alike.
      const port = channel.port1 as unknown as { onmessage: (() => void) | null; close(): void };
      port.onmessage = () => {
        port.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
