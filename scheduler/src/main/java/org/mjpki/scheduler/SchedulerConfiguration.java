package org.mjpki.scheduler;

import java.util.Properties;
import javax.sql.DataSource;
import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.autoconfigure.quartz.SchedulerFactoryBeanCustomizer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The periodic jobs, on Quartz's clustered JDBC job store: several server nodes share one schedule and each
 * firing runs on one node only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchedulerProperties.class)
public class SchedulerConfiguration {

    /** Migrates the quartz schema and points the job store at it before the scheduler is built. */
    @Bean
    SchedulerFactoryBeanCustomizer quartzJobStoreInOwnSchema(DataSource dataSource, java.time.Clock clock) {
        QuartzSchema.Vendor vendor = QuartzSchema.migrate(dataSource);
        return factory -> {
            factory.setGlobalTriggerListeners(new JobRuns(new org.springframework.jdbc.core.JdbcTemplate(dataSource), clock));
            Properties properties = new Properties();
            properties.put("org.quartz.jobStore.tablePrefix", QuartzSchema.SCHEMA + ".QRTZ_");
            properties.put("org.quartz.jobStore.driverDelegateClass", vendor.driverDelegate);
            properties.put("org.quartz.jobStore.isClustered", "true");
            properties.put("org.quartz.scheduler.instanceId", "AUTO");
            properties.put("org.quartz.threadPool.threadCount", "2");
            // replaces spring.quartz.properties: the job store's settings live here, next to its schema
            factory.setQuartzProperties(properties);
        };
    }

    @Bean
    JobDetail credentialExpiryJob() {
        return JobBuilder.newJob(CredentialExpiryJob.class).withIdentity("credential-expiry", "mjpki")
                .withDescription("R3: credentials end with their card certificate").storeDurably().build();
    }

    @Bean
    Trigger credentialExpiryTrigger(JobDetail credentialExpiryJob, SchedulerProperties properties) {
        return TriggerBuilder.newTrigger().forJob(credentialExpiryJob).withIdentity("credential-expiry", "mjpki")
                .withSchedule(CronScheduleBuilder.cronSchedule(properties.expiryCron())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    JobDetail expiryReminderJob() {
        return JobBuilder.newJob(ExpiryReminderJob.class).withIdentity("expiry-reminder", "mjpki")
                .withDescription("R3: the holder is reminded before the set ends with its card certificate").storeDurably().build();
    }

    @Bean
    Trigger expiryReminderTrigger(JobDetail expiryReminderJob, SchedulerProperties properties) {
        return TriggerBuilder.newTrigger().forJob(expiryReminderJob).withIdentity("expiry-reminder", "mjpki")
                .withSchedule(CronScheduleBuilder.cronSchedule(properties.expiryReminderCron())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    JobDetail crlRepublicationJob() {
        return JobBuilder.newJob(CrlRepublicationJob.class).withIdentity("crl-republication", "mjpki")
                .withDescription("every CRL fresh before its nextUpdate").storeDurably().build();
    }

    @Bean
    Trigger crlRepublicationTrigger(JobDetail crlRepublicationJob, SchedulerProperties properties) {
        return TriggerBuilder.newTrigger().forJob(crlRepublicationJob).withIdentity("crl-republication", "mjpki")
                .withSchedule(CronScheduleBuilder.cronSchedule(properties.crlRepublicationCron())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    org.mjpki.linked.HolderFollowUps holderFollowUps(org.mjpki.registry.followup.HolderFollowUpQueue queue,
            org.mjpki.registry.CredentialRegistry registry, org.mjpki.lifecycle.port.PushService push,
            org.mjpki.lifecycle.port.SeiTsm tsm, org.mjpki.linked.LinkedRevocationPolicy policy, SchedulerProperties properties,
            java.time.Clock clock) {
        return new org.mjpki.linked.HolderFollowUps(queue, registry, push, tsm, policy, properties.deleteRecheck(), clock);
    }

    @Bean
    JobDetail holderFollowUpJob() {
        return JobBuilder.newJob(HolderFollowUpJob.class).withIdentity("holder-follow-ups", "mjpki")
                .withDescription("pushes and remote deletes left by the sweep and the expiry job").storeDurably().build();
    }

    @Bean
    Trigger holderFollowUpTrigger(JobDetail holderFollowUpJob, SchedulerProperties properties) {
        return TriggerBuilder.newTrigger().forJob(holderFollowUpJob).withIdentity("holder-follow-ups", "mjpki")
                .withSchedule(CronScheduleBuilder.cronSchedule(properties.followUpCron())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }

    @Bean
    JobDetail linkedReconciliationJob() {
        return JobBuilder.newJob(LinkedReconciliationJob.class).withIdentity("linked-reconciliation", "mjpki")
                .withDescription("R4: every live link checked against the card CA again; findings to the sweep").storeDurably().build();
    }

    @Bean
    Trigger linkedReconciliationTrigger(JobDetail linkedReconciliationJob, SchedulerProperties properties) {
        return TriggerBuilder.newTrigger().forJob(linkedReconciliationJob).withIdentity("linked-reconciliation", "mjpki")
                .withSchedule(CronScheduleBuilder.cronSchedule(properties.reconciliationCron())
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
