package dev.tocin.bench;

/**
 * One measured figure of one implementation, as printed by {@code tocin bench --json}:
 * {@code {"suite":..,"name":..,"impl":..,"value":..,"unit":..}}.
 *
 * @param suite          the suite that measured it ({@code scheduler}, {@code js}, {@code async}, ...)
 * @param name           the workload, e.g. {@code spawn-external-1M}
 * @param impl           who ran it: {@code tocin} for ours, otherwise the peer's name
 * @param value          the figure
 * @param unit           its unit, e.g. {@code ops/s}, {@code ms}, {@code us}, {@code bytes}
 * @param higherIsBetter whether a larger value is better (throughput) or worse (time, memory)
 */
public record BenchResult(String suite, String name, String impl, double value, String unit, boolean higherIsBetter) {
    /** Our implementation's name in {@link #impl()}. */
    public static final String TOCIN = "tocin";

    public BenchResult {
        if (suite == null || name == null || impl == null || unit == null) {
            throw new IllegalArgumentException("suite, name, impl and unit are required");
        }
    }

    public boolean isTocin() {
        return TOCIN.equals(impl);
    }

    /**
     * How much better ours is than {@code peer} on the same workload: above 1 means ours is
     * better, whichever direction the unit goes (for times: peer ÷ ours; for rates: ours ÷ peer).
     */
    public double advantageOver(BenchResult peer) {
        if (!peer.name.equals(name) || !peer.unit.equals(unit)) {
            throw new IllegalArgumentException("cannot compare " + name + " [" + unit + "] with "
                    + peer.name + " [" + peer.unit + "]");
        }
        return higherIsBetter ? value / peer.value : peer.value / value;
    }
}
