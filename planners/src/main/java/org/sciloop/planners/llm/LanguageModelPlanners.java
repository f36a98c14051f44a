package org.sciloop.planners.llm;

import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.sciloop.core.config.Options;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.planners.bo.BayesianOptimizationFactory;

/** The planners that talk to a language model, found by {@link java.util.ServiceLoader}. */
public abstract class LanguageModelPlanners implements PlannerFactory {
    private final UnaryOperator<String> env;

    LanguageModelPlanners(UnaryOperator<String> env) {
        this.env = env;
    }

    /** The model may ask every lookup the scenario declares, through the engine's gateway. */
    @Override
    public boolean asksLookups() {
        return true;
    }

    AgentSession session(LanguageModelOptions llm, Options options, boolean guided) {
        Options scenario = options.top();
        return new AgentSession(llm, scenario.string("name", options.location().displayName()),
                scenario.string("description", ""), guided, new ModelSource(llm, env));
    }

    /** {@code llm}: the model proposes the experiments itself. */
    public static final class Llm extends LanguageModelPlanners {
        public Llm() {
            this(System::getenv);
        }

        Llm(UnaryOperator<String> env) {
            super(env);
        }

        @Override
        public String name() {
            return "llm";
        }

        @Override
        public String summary() {
            return "a language model (LangChain4j: OpenAI-compatible, Ollama, Anthropic) proposes experiments and"
                    + " hypotheses through tool calls; option model: provider:model";
        }

        @Override
        public Set<String> options() {
            return LanguageModelOptions.KEYS;
        }

        @Override
        public Planner create(Options options) {
            options.allowOnly(LanguageModelOptions.KEYS.toArray(String[]::new));
            LanguageModelOptions llm = LanguageModelOptions.parse(options);
            return new LanguageModelPlanner(session(llm, options, false));
        }
    }

    /** {@code llm+bo}: the model marks out the region, Bayesian optimisation picks inside it. */
    public static final class LlmBo extends LanguageModelPlanners {
        public LlmBo() {
            this(System::getenv);
        }

        LlmBo(UnaryOperator<String> env) {
            super(env);
        }

        @Override
        public String name() {
            return "llm+bo";
        }

        @Override
        public String summary() {
            return "a language model states hypotheses and narrows the space; Bayesian optimisation picks the"
                    + " experiments inside it; options: model, bo (the bo planner's options)";
        }

        @Override
        public Set<String> options() {
            Set<String> keys = new HashSet<>(LanguageModelOptions.KEYS);
            keys.add("bo");
            return keys;
        }

        @Override
        public Planner create(Options options) {
            options.allowOnly(options().toArray(String[]::new));
            LanguageModelOptions llm = LanguageModelOptions.parse(options);
            return new GuidedOptimizationPlanner(session(llm, options, true),
                    new BayesianOptimizationFactory().optimizer(options.child("bo")));
        }
    }
}
