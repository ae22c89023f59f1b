/** A manual clock for jar tests: starts at 2025-01-01T00:00:00Z and moves only when told. */
export interface ManualClock {
  now: () => number;
  advanceSeconds(seconds: number): void;
}

export const START = Date.UTC(2025, 0, 1);

export function createManualClock(start = START): ManualClock {
  let time = start;
  return {
    now: () => time,
    advanceSeconds(seconds) {
      time += seconds * 1000;
    },
  };
}
