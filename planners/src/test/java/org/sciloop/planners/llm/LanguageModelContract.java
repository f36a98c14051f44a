package org.sciloop.planners.llm;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.AfterEach;
import org.sciloop.core.contract.PlannerContractTest;

/**
 * The planner contract for the language-model planners, with a model on loopback that designs as a model
 * would: {@code llm} proposes what it says; {@code llm+bo} has it guide the optimiser.
 */
abstract class LanguageModelContract extends PlannerContractTest {
    private ScriptedModelServer model;

    @Override
    protected String plannerOptions() {
        if (model == null) {
            try {
                model = new ScriptedModelServer(ScriptedModelServer.Protocol.OPENAI).respondWith(DesigningModel::answer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return "{model: \"openai:designer\", base-url: \"" + model.baseUrl() + "\", max-observations: 200}";
    }

    /** A model's choices come from what it reads, not from the seed; the same seed still gives the same ones. */
    @Override
    protected boolean drawsOnTheSeed() {
        return false;
    }

    @AfterEach
    void stopModel() {
        if (model != null) {
            model.close();
        }
    }
}
