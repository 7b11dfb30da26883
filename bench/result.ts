// One benchmark figure next to its target.
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** The figure must stay at or below (`max`) or at or above (`min`) the target. */
  target?: number;
  comparison?: 'max' | 'min';
  detail?: string;
}

export function meets(r: BenchResult): boolean | undefined {
  if (r.target === undefined) return undefined;
  return r.comparison === 'min' ? r.value >= r.target : r.value <= r.target;
}

/** A row as recorded: which benchmark produced it (its `--only` id), and on which day. */
export interface RecordedResult extends BenchResult {
  benchmark?: string;
  date?: string;
}

/**
 * The recorded rows with the fresh rows of the benchmarks in `rerun` merged in. A recorded row
 * belongs to a re-run benchmark by its `benchmark` id, or (rows recorded without one) when a fresh
 * row has its name. A re-run benchmark's fresh rows take the place of its first recorded row, in
 * the order they were measured, and its other recorded rows go; rows of other benchmarks stay.
 */
export function mergeResults(recorded: readonly RecordedResult[], fresh: readonly RecordedResult[], rerun: ReadonlySet<string>): RecordedResult[] {
  const freshNames = new Map(fresh.map((r) => [r.name, r.benchmark]));
  const rerunOf = (r: RecordedResult): string | undefined => (r.benchmark && rerun.has(r.benchmark) ? r.benchmark : freshNames.get(r.name));
  const placed = new Set<string | undefined>();
  const out: RecordedResult[] = [];
  for (const r of recorded) {
    const id = rerunOf(r);
    if (id === undefined && !freshNames.has(r.name)) {
      out.push(r);
    } else if (!placed.has(id)) {
      placed.add(id);
      out.push(...fresh.filter((f) => f.benchmark === id));
    }
  }
  out.push(...fresh.filter((f) => !placed.has(f.benchmark)));
  return out;
}
