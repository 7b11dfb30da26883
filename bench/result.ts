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
