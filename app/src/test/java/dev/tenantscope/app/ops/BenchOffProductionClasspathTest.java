package dev.tenantscope.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * DESIGN.md: bench depends on everything and is never on a production role's classpath. Checked three ways: no
 * module's POM depends on it, the app's own classpath (which is what every role runs on) has no bench class, and
 * the Docker image builds the app without it. {@code ./tenantscope bench} runs the bench module's own classpath.
 */
class BenchOffProductionClasspathTest {
    private static final Path ROOT = RepoRoot.find();

    @Test
    void noModuleDependsOnBench() throws Exception {
        List<String> dependents = new ArrayList<>();
        for (String module : modules()) {
            Element project = parse(ROOT.resolve(module).resolve("pom.xml"));
            for (String artifact : directDependencies(project)) {
                if (artifact.equals("tenantscope-bench")) {
                    dependents.add(module);
                }
            }
        }
        assertThat(dependents).as("modules depending on tenantscope-bench").isEmpty();
    }

    @Test
    void theAppClasspathHasNoBenchmarkCode() {
        assertThatThrownBy(() -> Class.forName("dev.tenantscope.bench.Benchmark"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void theDockerImageBuildsTheAppAlone() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("docker/Dockerfile"));
        Matcher pl = Pattern.compile("-pl\\s+(\\S+)").matcher(dockerfile);
        assertThat(pl.find()).as("the Dockerfile's mvn -pl").isTrue();
        assertThat(pl.group(1).split(",")).containsExactly("app");
    }

    private static List<String> modules() throws Exception {
        Element parent = parse(ROOT.resolve("pom.xml"));
        List<String> modules = new ArrayList<>();
        for (Element m : children(child(parent, "modules"), "module")) {
            modules.add(m.getTextContent().strip());
        }
        assertThat(modules).as("modules of the parent POM").contains("app", "bench");
        return modules;
    }

    /** The artifactIds under project/dependencies (not dependencyManagement, not plugins). */
    private static List<String> directDependencies(Element project) {
        Element deps = child(project, "dependencies");
        if (deps == null) {
            return List.of();
        }
        return children(deps, "dependency").stream()
                .map(d -> child(d, "artifactId").getTextContent().strip())
                .toList();
    }

    private static Element parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(pom.toFile())
                .getDocumentElement();
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.getFirst();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
