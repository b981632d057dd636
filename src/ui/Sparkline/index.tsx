/**
 * A sparkline in plain SVG: a line over the last values, no axes. Decorative (aria-hidden): whoever
 * uses it prints the figures it shows as text next to it.
 */
export interface SparklineProps {
  values: readonly number[];
  width?: number;
  height?: number;
  label?: string;
}

export function Sparkline({ values, width = 160, height = 32 }: SparklineProps) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((value, i) => `${(i * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`).join(" ");
  return (
    <svg class="sparkline" viewBox={`0 0 ${width} ${height}`} width={width} height={height} aria-hidden="true" focusable="false">
      <line x1="0" y1={height - 1} x2={width} y2={height - 1} class="sparkline__base" />
      {values.length > 1 ? <polyline points={points} class="sparkline__line" /> : null}
    </svg>
  );
}
