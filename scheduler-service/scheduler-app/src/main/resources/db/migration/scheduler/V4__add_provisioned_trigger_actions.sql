-- Scheduled provisioning (spec part 1 §11.6): TriggerActions [{TriggerName, TriggerProvisionedConcurrencyNum,
-- TriggerCronConfig}] that set the version's target when their 7-field cron fires.
ALTER TABLE provisioned_concurrency ADD COLUMN trigger_actions jsonb NOT NULL DEFAULT '[]';
