package org.sciloop.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The module arrows of docs/architecture.md: everything points toward agent-core, and nothing loops. */
class ArchitectureTest {
    static final JavaClasses SCILOOP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.sciloop");

    @Test
    void agent_core_knows_no_other_module() {
        noClasses().that().resideInAPackage("org.sciloop.core..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sciloop.tools..", "org.sciloop.planners..",
                        "org.sciloop.instruments..", "org.sciloop.memory..", "org.sciloop.evaluations..",
                        "org.sciloop.cli..")
                .check(SCILOOP);
    }

    @Test
    void agent_core_uses_only_the_jdk_jackson_and_slf4j() {
        noClasses().that().resideInAPackage("org.sciloop.core..")
                .should().dependOnClassesThat().resideOutsideOfPackages("org.sciloop.core..", "java..",
                        "com.fasterxml.jackson..", "org.slf4j..")
                .check(SCILOOP);
    }

    @Test
    void plugin_modules_do_not_know_each_other_or_the_cli() {
        noClasses().that().resideInAnyPackage("org.sciloop.tools..", "org.sciloop.planners..",
                        "org.sciloop.instruments..", "org.sciloop.memory..")
                .should().dependOnClassesThat().resideInAnyPackage("org.sciloop.cli..", "org.sciloop.evaluations..")
                .check(SCILOOP);
        noClasses().that().resideInAPackage("org.sciloop.tools..")
                .should().dependOnClassesThat().resideInAPackage("org.sciloop.planners..").check(SCILOOP);
        noClasses().that().resideInAPackage("org.sciloop.planners..")
                .should().dependOnClassesThat().resideInAPackage("org.sciloop.tools..").check(SCILOOP);
    }

    @Test
    void agent_cores_packages_are_free_of_cycles() {
        // One slice per package (model, space, config, scenario, hypothesis, safety, tool, planner, trace,
        // campaign); the root package (InputException, IoReason, ...) is a slice of its own.
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
                String name = javaClass.getPackageName();
                if (!name.equals("org.sciloop.core") && !name.startsWith("org.sciloop.core.")) {
                    return SliceIdentifier.ignore();
                }
                String rest = name.substring("org.sciloop.core".length());
                return SliceIdentifier.of(rest.isEmpty() ? "core" : rest.substring(1).split("\\.")[0]);
            }

            @Override
            public String getDescription() {
                return "agent-core's packages";
            }
        }).should().beFreeOfCycles().check(SCILOOP);
    }

    @Test
    void the_module_graph_is_free_of_cycles() {
        // One slice per module (org.sciloop.core, .tools, .planners, ...).
        slices().matching("org.sciloop.(*)..").should().beFreeOfCycles().check(SCILOOP);
    }
}
