package dev.faas.scheduler.core.provisioned;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scheduled provisioning (spec part 1 §11.6): each action sets the provisioned target when its cron fires. The
 * actions due between two evaluations are applied in time order; two firing at the same moment apply in list order,
 * so the later one overrides the earlier. Plain Java, times passed in.
 */
public final class ScheduledActions {
    /** One TriggerAction: its name, the number it sets, and when. */
    public record Action(String name, int target, Cron7 cron) {
    }

    /** An action that fired at {@code at}. */
    public record Fire(LocalDateTime at, Action action) {
    }

    private final List<Action> actions;

    public ScheduledActions(List<Action> actions) {
        this.actions = List.copyOf(actions);
    }

    /** Every firing in ({@code after}, {@code until}], in the order they apply. */
    public List<Fire> due(LocalDateTime after, LocalDateTime until) {
        List<Fire> fires = new ArrayList<>();
        for (Action action : actions) {
            LocalDateTime t = after;
            while (true) {
                var next = action.cron().next(t);
                if (next.isEmpty() || next.get().isAfter(until)) {
                    break;
                }
                fires.add(new Fire(next.get(), action));
                t = next.get();
            }
        }
        // stable sort: same moment keeps list order, so the later action is applied last and wins
        fires.sort(Comparator.comparing(Fire::at));
        return fires;
    }

    /** The target in force after the firings due in ({@code after}, {@code until}], or {@code current} when none. */
    public int targetAfter(int current, LocalDateTime after, LocalDateTime until) {
        List<Fire> fires = due(after, until);
        return fires.isEmpty() ? current : fires.getLast().action().target();
    }
}
