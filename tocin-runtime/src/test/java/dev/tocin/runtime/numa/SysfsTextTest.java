package dev.tocin.runtime.numa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.Set;
import java.util.StringJoiner;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SysfsTextTest {
    private static final Path FILE = Path.of("cpulist");

    /** The kernel's formats, written here independently of the parser: ranges and 32-bit hex words. */
    private static String asList(BitSet cpus) {
        var joiner = new StringJoiner(",");
        for (int from = cpus.nextSetBit(0); from >= 0; from = cpus.nextSetBit(cpus.nextClearBit(from))) {
            int to = cpus.nextClearBit(from) - 1;
            joiner.add(from == to ? String.valueOf(from) : from + "-" + to);
        }
        return joiner.toString();
    }

    private static String asMask(BitSet cpus, int words) {
        var joiner = new StringJoiner(",");
        for (int w = words - 1; w >= 0; w--) {
            long word = 0;
            for (int bit = 0; bit < 32; bit++) {
                if (cpus.get(w * 32 + bit)) {
                    word |= 1L << bit;
                }
            }
            joiner.add(String.format("%08x", word));
        }
        return joiner.toString();
    }

    @Property
    void listAndMaskOfTheSameSetParseToIt(@ForAll @Size(max = 40) Set<@IntRange(max = 300) Integer> ids)
            throws TopologyDataException {
        var cpus = new BitSet();
        ids.forEach(cpus::set);
        assertThat(SysfsText.parseList(asList(cpus), FILE)).isEqualTo(cpus);
        assertThat(SysfsText.parseMask(asMask(cpus, 10), FILE)).isEqualTo(cpus);
    }

    @Test
    void shortMaskWordsAndUpperCaseAreAccepted() throws TopologyDataException {
        assertThat(SysfsText.parseMask("ff", FILE)).isEqualTo(BitSet.valueOf(new long[] {0xff}));
        assertThat(SysfsText.parseMask("1,F", FILE).stream().toArray()).containsExactly(0, 1, 2, 3, 32);
    }

    @Test
    void cleanCutsAtTheFirstNulAndStripsWhitespace() {
        assertThat(SysfsText.clean(" 0-3\n\0junk".getBytes())).isEqualTo("0-3");
        assertThat(SysfsText.clean(new byte[] {0})).isEmpty();
        assertThat(SysfsText.clean("5".getBytes())).isEqualTo("5");
    }

    @Test
    void malformedTextIsRejectedWithFileAndValue() {
        assertThatThrownBy(() -> SysfsText.parseList("1,,2", FILE)).hasMessageContaining("cpulist")
                .hasMessageContaining("invalid CPU number ''");
        assertThatThrownBy(() -> SysfsText.parseList("-1", FILE)).hasMessageContaining("invalid CPU number");
        assertThatThrownBy(() -> SysfsText.parseMask("", FILE)).hasMessageContaining("empty CPU mask");
        assertThatThrownBy(() -> SysfsText.parseMask("123456789", FILE)).hasMessageContaining("'123456789'");
        assertThatThrownBy(() -> SysfsText.parseMask("0x3", FILE)).hasMessageContaining("'0x3'");
        assertThatThrownBy(() -> SysfsText.parseInt("4a", FILE)).hasMessageContaining("'4a'");
    }
}
