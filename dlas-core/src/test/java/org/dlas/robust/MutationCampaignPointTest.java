package org.dlas.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A mutant's row definition is hashed into its point id: the JSON must stay byte for byte what earlier stores hold. */
class MutationCampaignPointTest {
    @Test
    void rowDefinitionKeepsItsFormatAndHash() throws Exception {
        String json = MutationCampaign.pointJson("lenet", "swap-relu-sigmoid", "jvm/gemm", 20, 7L, 0.05);
        assertEquals("{\"campaign\":\"mutate\",\"model\":\"lenet\",\"mutant\":\"swap-relu-sigmoid\",\"environment\":\"jvm/gemm\","
                + "\"images\":20,\"seed\":7,\"threshold\":0.05}", json);
        // doubles print as Double.toString did in the concatenated form
        assertEquals("{\"campaign\":\"mutate\",\"model\":\"m\",\"mutant\":\"x\",\"environment\":\"e\",\"images\":1,\"seed\":-3,\"threshold\":1.0E-4}",
                MutationCampaign.pointJson("m", "x", "e", 1, -3L, 1e-4));
        assertEquals("0.0", MutationCampaign.pointJson("m", "x", "e", 1, 1, 0.0).replaceAll(".*\"threshold\":([^}]*)}", "$1"));
    }

    @Test
    void namesWithQuotesNowMakeValidJson() throws Exception {
        String json = MutationCampaign.pointJson("a\"b", "m\\n", "e", 1, 1, 0.5);
        assertEquals("a\"b", new ObjectMapper().readTree(json).get("model").asText());
    }
}
