package org.mjpki.webapp;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

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
                        "org.mjpki.webapp..", "org.mjpki.simulator..")
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

    @Test
    void everyTaskHandlerIsAnMjpkiWorker() {
        classes().that().implement(ExternalTaskHandler.class).and().resideInAPackage("org.mjpki..")
                .and().doNotHaveFullyQualifiedName(MjpkiWorker.class.getName())
                .should().beAssignableTo(MjpkiWorker.class)
                .andShould().haveSimpleNameEndingWith("Worker")
                .check(MJPKI);
    }
}
