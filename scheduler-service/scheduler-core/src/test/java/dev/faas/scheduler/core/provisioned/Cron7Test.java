package dev.faas.scheduler.core.provisioned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SCF's 7-field cron: when each expression fires next, and what is refused. */
class Cron7Test {

    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "*/5 * * * * * *        | 2026-12-03T10:00:02 | 2026-12-03T10:00:05",
            "0 */5 * * * * *        | 2026-12-03T10:00:00 | 2026-12-03T10:05:00",
            "0 0 9 * * * *          | 2026-12-03T09:00:00 | 2026-12-04T09:00:00",
            "0 0 9 * * MON-FRI *    | 2026-12-04T10:00:00 | 2026-12-07T09:00:00",
            "0 0 9 ? * 1 *          | 2026-12-03T00:00:00 | 2026-12-07T09:00:00",
            "0 30 18 1 * ? *        | 2026-12-03T00:00:00 | 2027-01-01T18:30:00",
            "0 0 0 29 2 * *         | 2026-12-03T00:00:00 | 2028-02-29T00:00:00",
            "0 0 0 31 * * *         | 2026-12-31T00:00:00 | 2027-01-31T00:00:00",
            "0 0 12 * JUN,DEC * 2027| 2026-12-03T00:00:00 | 2027-06-01T12:00:00",
            "10-20/5 0 0 1 1 * *    | 2027-01-01T00:00:10 | 2027-01-01T00:00:15",
            "0 0 8 1 * 0 *          | 2026-12-02T00:00:00 | 2026-12-06T08:00:00",
            "0 0 8 * * 7 *          | 2026-12-02T00:00:00 | 2026-12-06T08:00:00"})
    void firesNextAt(String expression, LocalDateTime after, LocalDateTime expected) {
        assertThat(Cron7.parse(expression).next(after)).hasValue(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "* * * * *              | 7 fields",
            "60 * * * * * *         | second",
            "* * 24 * * * *         | hour",
            "* * * 0 * * *          | day",
            "* * * * 13 * *         | month",
            "* * * * * 8 *          | week",
            "* * * * * * 2100       | year",
            "? * * * * * *          | '?'",
            "* * * * * * 5-1        | year",
            "a * * * * * *          | not a number",
            "1,,2 * * * * * *       | empty"})
    void refusesMalformedExpressions(String expression, String saying) {
        assertThatThrownBy(() -> Cron7.parse(expression)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(saying);
    }

    @org.junit.jupiter.api.Test
    void aYearInThePastNeverFiresAgain() {
        assertThat(Cron7.parse("0 0 0 1 1 * 2025").next(LocalDateTime.parse("2026-01-01T00:00:00"))).isEmpty();
    }
}
