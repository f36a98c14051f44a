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

    AgentSession session(LlmSettings settings, Options options, boolean guided) {
        Options scenario = options.top();
        return new AgentSession(settings, scenario.string("name", options.location().displayName()),
                scenario.string("description", ""), guided, new ModelSource(settings, env));
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
            return LlmSettings.KEYS;
        }

        @Override
        public Planner create(Options options) {
            options.allowOnly(LlmSettings.KEYS.toArray(String[]::new));
            LlmSettings settings = LlmSettings.parse(options);
            return new LanguageModelPlanner(session(settings, options, false));
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
            Set<String> keys = new HashSet<>(LlmSettings.KEYS);
            keys.add("bo");
            return keys;
        }

        @Override
        public Planner create(Options options) {
            options.allowOnly(options().toArray(String[]::new));
            LlmSettings settings = LlmSettings.parse(options);
            return new GuidedOptimizationPlanner(session(settings, options, true),
                    new BayesianOptimizationFactory().optimizer(options.child("bo")));
        }
    }
}
