package org.dlas.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

class ModelMetadataJsonTest {

    @Test
    void sidecarKeepsTheLayoutItHadWhenWrittenByHand() {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("model", "lenet");
        meta.put("recipe", "epochs=1;lr=0.01");
        meta.put("test.top1", "0.8125");
        meta.put("created", "2026-01-01T00:00:00Z");
        // the exact bytes the hand-written writer produced for these entries
        assertEquals("{\n  \"model\": \"lenet\",\n  \"recipe\": \"epochs=1;lr=0.01\",\n  \"test.top1\": \"0.8125\",\n"
                + "  \"created\": \"2026-01-01T00:00:00Z\"\n}\n", ModelZoo.metadataJson(meta));
    }

    @Test
    void quotesAndBackslashesRoundTrip() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("data.source", "C:\\data \"fashion\"");
        String json = ModelZoo.metadataJson(meta);
        assertEquals("{\n  \"data.source\": \"C:\\\\data \\\"fashion\\\"\"\n}\n", json);
        assertEquals(meta, new ObjectMapper().readValue(json, Map.class));
    }
}
