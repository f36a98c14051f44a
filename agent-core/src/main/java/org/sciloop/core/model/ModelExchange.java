package org.sciloop.core.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request to a language model and what came back, as the trace keeps it: enough to audit the
 * conversation (who said what, at what cost) and to replay it with no provider at all.
 *
 * @param model {@code provider:model}, as the planner was configured
 * @param request the messages and tool specifications sent, in the planner's own JSON form
 * @param response the model's message (text and tool calls); null when the call failed
 * @param failure why the call failed (time-out, rate limit, provider error); null when it answered
 * @param cost in US dollars, from the planner's configured prices; 0 when it has none
 * @param micros how long the call took
 */
public record ModelExchange(String model, JsonNode request, JsonNode response, String failure,
                            long inputTokens, long outputTokens, double cost, long micros) {

    public ModelExchange {
        response = response == null || response.isNull() ? null : response;  // JSON null, as read back from a trace
        if (model == null || model.isBlank() || request == null) {
            throw new IllegalArgumentException("an exchange needs its model and request");
        }
        if ((response == null) == (failure == null)) {
            throw new IllegalArgumentException("an exchange has either a response or a failure");
        }
    }

    public boolean failed() {
        return failure != null;
    }
}
