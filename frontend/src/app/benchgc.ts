// A benchmark hook, inert in use: `$vm` exists only when WebKit's JavaScriptCore runs with JSC_useDollarVM=1,
// which `bench/window memory -full-gc` sets for the app it starts. Then the page asks for a full collection every
// few seconds, so the memory benchmark can tell garbage awaiting JSC's next full collection (which a page cannot
// otherwise request, and which JSC schedules by heap growth) from memory the app really keeps.

interface DollarVM {
  gc(): void;
}

export const BENCH_GC_INTERVAL_MS = 3000;

/** Starts the periodic full collection when the engine offers `$vm`; returns whether it did. */
export function startBenchGC(g: { $vm?: DollarVM } = globalThis as { $vm?: DollarVM }): boolean {
  const vm = g.$vm;
  if (!vm || typeof vm.gc !== 'function') return false;
  setInterval(() => vm.gc(), BENCH_GC_INTERVAL_MS);
  return true;
}
