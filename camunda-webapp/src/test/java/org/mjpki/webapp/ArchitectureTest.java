package org.mjpki.webapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.camunda.bpm.client.task.ExternalTaskHandler;
import org.junit.jupiter.api.Test;
import org.mjpki.workers.support.MjpkiWorker;

/** Keeps the layers honest: processes decide, workers do one step, adapters talk to one outside system. */
class ArchitectureTest {

    private static final JavaClasses MJPKI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.mjpki");

    @Test
    void theRegistryAndTheCaKnowNothingOfCamundaOrTheWorkers() {
        noClasses().that().resideInAnyPackage("org.mjpki.registry..", "org.mjpki.ca..")
                .should().dependOnClassesThat().resideInAnyPackage("org.camunda..", "org.mjpki.workers..",
                        "org.mjpki.webapp..", "org.mjpki.simulator..", "org.mjpki.processes..")
                .check(MJPKI);
    }

    /** The engine stays behind camunda-webapp and workers: what a move to a continuation touches (ADR 0024). */
    @Test
    void onlyTheServerAndTheWorkersKnowTheProcessEngine() {
        noClasses().that().resideInAnyPackage("org.mjpki.lifecycle..", "org.mjpki.registry..", "org.mjpki.ca..",
                        "org.mjpki.linked..", "org.mjpki.scheduler..", "org.mjpki.simulator..", "org.mjpki.processes..",
                        "org.mjpki.applet..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda..")
                .check(MJPKI);
    }

    @Test
    void workersDoNotKnowTheSimulatorOrTheServer() {
        noClasses().that().resideInAPackage("org.mjpki.workers..")
                .should().dependOnClassesThat().resideInAnyPackage("org.mjpki.simulator..", "org.mjpki.webapp..")
                .check(MJPKI);
    }

    @Test
    void theAppletProtocolStaysInTheAppletModules() {
        noClasses().that().resideOutsideOfPackages("org.mjpki.applet..", "org.mjpki.simulator..")
                .should().dependOnClassesThat().resideInAPackage("org.mjpki.applet.card..")
                .check(MJPKI);
        noClasses().that().resideOutsideOfPackage("org.mjpki.simulator..")
                .should().dependOnClassesThat().resideInAPackage("com.licel..")
                .check(MJPKI);
    }

    /**
     * Dependencies point inward, to the domain and its ports: the lifecycle module (domain types, ports, signed-request
     * parsing) depends on nothing of ours but the applet protocol; the registry and the CA on the domain only; the
     * processes' constants on nothing; workers, scheduler and simulator are adapters around them; the server wires.
     */
    @Test
    void layersDependInward() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("server").definedBy("org.mjpki", "org.mjpki.webapp..")
                .layer("adapters").definedBy("org.mjpki.workers..", "org.mjpki.scheduler..", "org.mjpki.simulator..")
                .layer("registry and CA").definedBy("org.mjpki.registry..", "org.mjpki.ca..")
                .layer("models").definedBy("org.mjpki.processes..")
                .layer("domain").definedBy("org.mjpki.lifecycle..")
                .layer("applet protocol").definedBy("org.mjpki.applet.client..")
                .whereLayer("server").mayNotBeAccessedByAnyLayer()
                .whereLayer("adapters").mayOnlyBeAccessedByLayers("server")
                .whereLayer("registry and CA").mayOnlyBeAccessedByLayers("server", "adapters")
                .whereLayer("models").mayOnlyBeAccessedByLayers("server", "adapters")
                .whereLayer("domain").mayOnlyBeAccessedByLayers("server", "adapters", "registry and CA")
                .check(MJPKI);
    }

    /** The modules and their top-level packages form no cycle. */
    @Test
    void noCyclesBetweenModulesOrFeatures() {
        slices().matching("org.mjpki.(*)..").should().beFreeOfCycles().check(MJPKI);
        slices().matching("org.mjpki.webapp.(*)..").should().beFreeOfCycles().check(MJPKI);
        slices().matching("org.mjpki.workers.(*)..").should().beFreeOfCycles().check(MJPKI);
    }

    /**
     * Camunda's {@code impl} packages change without notice between versions. Only the server's engine plugins
     * ({@code org.mjpki.webapp.engine}) use them, because the engine's plugin SPI ({@code ProcessEnginePlugin}, parse
     * listeners, the schema set-up) lives there; everything else uses the public API.
     */
    @Test
    void onlyTheEnginePluginsUseCamundaInternals() {
        noClasses().that().resideOutsideOfPackage("org.mjpki.webapp.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine.impl..")
                .check(MJPKI);
    }

    @Test
    void everyTaskHandlerIsAnMjpkiWorker() {
        classes().that().implement(ExternalTaskHandler.class).and().resideInAPackage("org.mjpki..")
                .and().doNotHaveFullyQualifiedName(MjpkiWorker.class.getName())
                .should().beAssignableTo(MjpkiWorker.class)
                .andShould().haveSimpleNameEndingWith("Worker")
                .check(MJPKI);
    }
}
