package dev.faas.scheduler.core.provisioned;

import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * SCF's 7-field cron (spec part 1 §11.6, runtime spec §4.2): {@code second minute hour day month week year}, each
 * {@code *}, a number, a range {@code a-b}, a list {@code a,b}, a step {@code * /n}, {@code a/n} or {@code a-b/n}; day
 * and week also take {@code ?}; months and weekdays also take their English abbreviations ({@code JAN}, {@code MON});
 * week 0 and 7 are Sunday. When both day and week are restricted a time matches either (as classic cron). Times are
 * wall-clock {@link LocalDateTime}s in the zone the caller chose. Plain Java, table-tested.
 */
public final class Cron7 {
    private static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2), Map.entry("MAR", 3),
            Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7), Map.entry("AUG", 8), Map.entry("SEP", 9),
            Map.entry("OCT", 10), Map.entry("NOV", 11), Map.entry("DEC", 12));
    private static final Map<String, Integer> DAYS = Map.of("SUN", 0, "MON", 1, "TUE", 2, "WED", 3, "THU", 4, "FRI", 5, "SAT", 6);
    private static final int MAX_YEAR = 2099;

    private final String expression;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final BitSet years;
    private final boolean dayAny;
    private final boolean weekAny;

    private Cron7(String expression, BitSet[] fields, boolean dayAny, boolean weekAny) {
        this.expression = expression;
        this.seconds = fields[0];
        this.minutes = fields[1];
        this.hours = fields[2];
        this.days = fields[3];
        this.months = fields[4];
        this.weekdays = fields[5];
        this.years = fields[6];
        this.dayAny = dayAny;
        this.weekAny = weekAny;
    }

    /** Parses an expression; a malformed one is an {@link IllegalArgumentException} saying which field and why. */
    public static Cron7 parse(String expression) {
        if (expression == null) {
            throw new IllegalArgumentException("a cron expression is required");
        }
        String[] parts = expression.trim().split("\\s+");
        if (parts.length != 7) {
            throw new IllegalArgumentException("a cron expression has 7 fields (second minute hour day month week year), this has " + parts.length);
        }
        int[][] ranges = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}, {1970, MAX_YEAR}};
        String[] names = {"second", "minute", "hour", "day", "month", "week", "year"};
        BitSet[] fields = new BitSet[7];
        for (int i = 0; i < 7; i++) {
            String part = parts[i].toUpperCase(Locale.ROOT);
            if (part.equals("?") && (i != 3 && i != 5)) {
                throw new IllegalArgumentException("'?' is for the day and week fields only, not the " + names[i]);
            }
            fields[i] = field(part.equals("?") ? "*" : part, ranges[i][0], ranges[i][1], i == 4 ? MONTHS : i == 5 ? DAYS : Map.of(), names[i]);
        }
        if (fields[5].get(7)) {
            fields[5].set(0);
            fields[5].clear(7);
        }
        boolean dayAny = isAny(parts[3]);
        boolean weekAny = isAny(parts[5]);
        return new Cron7(expression.trim(), fields, dayAny, weekAny);
    }

    private static boolean isAny(String part) {
        return part.equals("*") || part.equals("?");
    }

    private static BitSet field(String part, int min, int max, Map<String, Integer> names, String name) {
        BitSet bits = new BitSet(max + 1);
        for (String item : part.split(",", -1)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("the " + name + " field has an empty list item");
            }
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                step = number(item.substring(slash + 1), 1, max, Map.of(), name);
                range = item.substring(0, slash);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] ends = range.split("-", 2);
                from = number(ends[0], min, max, names, name);
                to = number(ends[1], min, max, names, name);
                if (from > to) {
                    throw new IllegalArgumentException("the " + name + " range " + range + " runs backwards");
                }
            } else {
                from = number(range, min, max, names, name);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, int min, int max, Map<String, Integer> names, String name) {
        Integer named = names.get(text);
        if (named != null) {
            return named;
        }
        if (!text.matches("\\d{1,4}")) {
            throw new IllegalArgumentException("the " + name + " field has '" + text + "', which is not a number");
        }
        int v = Integer.parseInt(text);
        if (v < min || v > max) {
            throw new IllegalArgumentException("the " + name + " field takes " + min + "-" + max + ", not " + v);
        }
        return v;
    }

    /** The first time strictly after {@code after} that matches, or empty when none does before the year 2100. */
    public Optional<LocalDateTime> next(LocalDateTime after) {
        LocalDateTime t = after.withNano(0).plusSeconds(1);
        for (int year = years.nextSetBit(t.getYear()); year >= 0 && year <= MAX_YEAR; year = years.nextSetBit(year + 1)) {
            boolean sameYear = year == t.getYear();
            for (int month = months.nextSetBit(sameYear ? t.getMonthValue() : 1); month >= 0; month = months.nextSetBit(month + 1)) {
                boolean sameMonth = sameYear && month == t.getMonthValue();
                int length = YearMonth.of(year, month).lengthOfMonth();
                for (int day = sameMonth ? t.getDayOfMonth() : 1; day <= length; day++) {
                    if (!dayMatches(year, month, day)) {
                        continue;
                    }
                    boolean sameDay = sameMonth && day == t.getDayOfMonth();
                    for (int hour = hours.nextSetBit(sameDay ? t.getHour() : 0); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
                        boolean sameHour = sameDay && hour == t.getHour();
                        for (int minute = minutes.nextSetBit(sameHour ? t.getMinute() : 0); minute >= 0; minute = minutes.nextSetBit(minute + 1)) {
                            boolean sameMinute = sameHour && minute == t.getMinute();
                            int second = seconds.nextSetBit(sameMinute ? t.getSecond() : 0);
                            if (second >= 0) {
                                return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second));
                            }
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(int year, int month, int day) {
        boolean byDay = days.get(day);
        boolean byWeek = weekdays.get(LocalDateTime.of(year, month, day, 0, 0).getDayOfWeek().getValue() % 7);
        if (dayAny && weekAny) {
            return true;
        }
        if (dayAny) {
            return byWeek;
        }
        if (weekAny) {
            return byDay;
        }
        return byDay || byWeek;
    }

    @Override
    public String toString() {
        return expression;
    }
}
