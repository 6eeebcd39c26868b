package org.m2mdm.fleet;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The demo's console: one live line per terminal (redrawn in place on an ANSI terminal, otherwise a line is
 * printed whenever a terminal's status changes), then a summary table.
 */
public final class FleetConsole {
    private static final int BAR = 10;

    private final PrintStream out;
    private final boolean live;
    private final List<FleetTerminal> fleet;
    private final Map<String, String> printed = new HashMap<>();
    private final int width = columns();
    private boolean drawn;

    public FleetConsole(PrintStream out, boolean live, List<FleetTerminal> fleet) {
        this.out = out;
        this.live = live;
        this.fleet = List.copyOf(fleet);
    }

    /** Shows the current state; call periodically and once more at the end. */
    public synchronized void refresh() {
        if (live) {
            if (drawn) {
                out.print("\033[" + fleet.size() + "A");
            }
            for (FleetTerminal t : fleet) {
                // a wrapped line would break the cursor arithmetic of the redraw
                String l = line(t);
                out.print("\r\033[2K" + (l.length() < width ? l : l.substring(0, width - 1)) + "\n");
            }
            drawn = true;
        } else {
            for (FleetTerminal t : fleet) {
                String l = line(t);
                if (!l.equals(printed.put(t.name(), l))) {
                    out.println(l);
                }
            }
        }
        out.flush();
    }

    private static int columns() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim()));
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    static String line(FleetTerminal t) {
        int filled = t.totalSteps() == 0 ? 0 : t.step() * BAR / t.totalSteps();
        String bar = "#".repeat(filled) + ".".repeat(BAR - filled);
        String mark = switch (t.outcome()) {
            case READY -> "✔";
            case FAILED -> "✘";
            default -> " ";
        };
        return String.format("%s %-3s %-26s %-16s [%s] %d/%d %s", mark, t.name(), t.endpoint(),
                t.journey().shortName(), bar, t.step(), t.totalSteps(), t.status());
    }

    /** The summary table. */
    public void summary() {
        String format = "%-3s  %-24s  %-16s  %-18s  %-15s  %6s  %s%n";
        out.println();
        out.printf(format, "#", "endpoint", "journey", "operator", "IMSI", "time", "result");
        out.printf(format, "---", "-".repeat(24), "-".repeat(16), "-".repeat(18), "-".repeat(15), "------",
                "------");
        for (FleetTerminal t : fleet) {
            out.printf(format, t.name(), t.endpoint(), t.journey().shortName(), t.operator(), t.imsi(),
                    String.format("%.1fs", t.took().toMillis() / 1000.0), t.status());
        }
        long ready = fleet.stream().filter(t -> t.outcome() == FleetTerminal.Outcome.READY).count();
        out.printf("%n%d of %d terminals ready.%n", ready, fleet.size());
        out.flush();
    }
}
