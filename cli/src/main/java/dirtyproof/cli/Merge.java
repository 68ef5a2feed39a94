package dirtyproof.cli;

import dirtyproof.model.Json;
import dirtyproof.sweep.SweepReport;
import dirtyproof.sweep.SweepResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dirtyproof merge}: joins the --json files of a sweep's shards and derives the rule from all of them. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Join the --json files of the shards of one sweep and derive the rule from all of them.",
            "Exit codes as sweep's; 3 also when a combination is in none of the files."})
final class Merge implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "the --json files of dirtyproof sweep --shard K/N")
    List<Path> files = new ArrayList<>();

    @Option(names = "--json", paramLabel = "FILE", description = "write the merged table and rule as JSON here")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the merged table and rule as Markdown here")
    Path markdown;

    @Override
    public Integer call() throws IOException {
        List<SweepResult> parts = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new Main.BadInput(f + ": no such file");
            }
            Object doc;
            try {
                doc = Json.read(Files.readString(f, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new Main.BadInput(f + ": not JSON: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            try {
                parts.add(SweepResult.fromMap(doc, f.toString()));
            } catch (IllegalArgumentException e) {
                throw new Main.BadInput(e.getMessage());
            }
        }
        SweepResult r;
        try {
            r = SweepResult.merge(parts);
        } catch (IllegalArgumentException e) {
            throw new Main.BadInput(e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(SweepReport.text(r));
        out.flush();
        Sweep.write(json, r.json());
        Sweep.write(markdown, SweepReport.markdown(r));
        return r.mergeExitCode();
    }
}
