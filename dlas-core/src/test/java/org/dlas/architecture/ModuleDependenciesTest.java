package org.dlas.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module layering, read from the reactor's pom.xml files: dlas-core names no other dlas module,
 * fpga does not depend on tuner, onnx-runtime on nothing but dlas-core, and the README's module picture is
 * exactly what the poms say.
 */
class ModuleDependenciesTest {
    private static final String GROUP = "org.dlas";
    /** Test infrastructure every module's tests use: left out of the picture, which shows the product's layers. */
    private static final String TEST_SUPPORT = "test-support";
    /** A picture line: {@code a --> b} (compile or provided) or {@code a -.-> b} (test scope), or a lone module. */
    private static final Pattern EDGE = Pattern.compile("^\\s*([\\w-]+)\\s*(-->|-\\.->)\\s*([\\w-]+)\\s*$");
    private static final Pattern NODE = Pattern.compile("^\\s*([\\w-]+)\\s*$");

    private final Path root = reactorRoot();

    @Test
    void coreNamesNoOtherModule() throws Exception {
        assertEquals(List.of(), dependencies("dlas-core"), "dlas-core/pom.xml must not depend on another dlas module");
    }

    @Test
    void fpgaDoesNotDependOnTuner() throws Exception {
        assertFalse(dependencies("fpga").stream().anyMatch(d -> d.startsWith("tuner ")),
                "fpga/pom.xml depends on tuner; TVM's runtime comes from tvm-runtime: " + dependencies("fpga"));
    }

    @Test
    void onnxRuntimeNeedsNeitherTunerNorTvm() throws Exception {
        List<String> found = dependencies("onnx-runtime");
        assertEquals(List.of("dlas-core provided"), found,
                "onnx-runtime/pom.xml may depend on dlas-core only (a user takes ONNX Runtime without TVM): " + found);
    }

    @Test
    void readmePictureMatchesThePoms() throws Exception {
        Set<String> fromPoms = new TreeSet<>();
        for (String module : modules()) {
            if (module.equals(TEST_SUPPORT)) continue;
            fromPoms.add(module);
            for (String dependency : dependencies(module)) {
                String[] nameScope = dependency.split(" ");
                fromPoms.add(nameScope[0]);
                fromPoms.add(module + ("test".equals(nameScope[1]) ? " -.-> " : " --> ") + nameScope[0]);
            }
        }
        assertEquals(fromPoms, readmePicture(), "README.md's module picture (```mermaid block under Architecture) differs from the poms");
    }

    /** Edges and modules of the first mermaid block in README.md, normalised to "a --> b", "a -.-> b" and "a" (every module named). */
    private Set<String> readmePicture() throws Exception {
        List<String> lines = Files.readAllLines(root.resolve("README.md"));
        int start = lines.indexOf("```mermaid");
        assertTrue(start >= 0, "README.md has no ```mermaid block with the module picture");
        Set<String> picture = new TreeSet<>();
        for (String line : lines.subList(start + 2, lines.size())) { // skip the "graph" line
            if (line.startsWith("```")) return picture;
            Matcher edge = EDGE.matcher(line);
            Matcher node = NODE.matcher(line);
            if (edge.matches()) picture.addAll(List.of(edge.group(1), edge.group(3), edge.group(1) + " " + edge.group(2) + " " + edge.group(3)));
            else if (node.matches()) picture.add(node.group(1));
            else throw new AssertionError("README.md module picture: cannot read line '" + line + "' (expected 'a --> b', 'a -.-> b' or 'a')");
        }
        throw new AssertionError("README.md: the mermaid block is not closed");
    }

    private List<String> modules() throws Exception {
        List<String> modules = new ArrayList<>();
        for (Element module : elements(parse(root.resolve("pom.xml")).getDocumentElement(), "modules", "module")) modules.add(module.getTextContent().trim());
        assertTrue(modules.contains("dlas-core"), "root pom.xml lists no dlas-core module: " + modules);
        return modules;
    }

    /** "artifactId scope" of each dlas module that {@code module}'s pom depends on (scope "compile" when not given). */
    private List<String> dependencies(String module) throws Exception {
        List<String> found = new ArrayList<>();
        for (Element dependency : elements(parse(root.resolve(module).resolve("pom.xml")).getDocumentElement(), "dependencies", "dependency")) {
            if (!GROUP.equals(child(dependency, "groupId")) || TEST_SUPPORT.equals(child(dependency, "artifactId"))) continue;
            String scope = child(dependency, "scope");
            found.add(child(dependency, "artifactId") + " " + (scope == null ? "compile" : scope));
        }
        return found;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    /** Children named {@code item} of the direct child {@code list} of {@code parent} (not dependencyManagement's). */
    private static List<Element> elements(Element parent, String list, String item) {
        List<Element> out = new ArrayList<>();
        for (Element container : children(parent, list)) out.addAll(children(container, item));
        return out;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element e && e.getTagName().equals(name)) out.add(e);
        }
        return out;
    }

    private static String child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0).getTextContent().trim();
    }

    private static Path reactorRoot() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath().normalize();
        Path root = dir.getParent();
        assertTrue(root != null && Files.isRegularFile(root.resolve("pom.xml")) && Files.isRegularFile(root.resolve("README.md")),
                "dlas-core's tests run in dlas-core/ inside the source tree; no reactor pom.xml above " + dir);
        return root;
    }
}
