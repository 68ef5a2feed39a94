package dirtyproof.cli;

import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;

/**
 * The distribution's main class (cli/target/dist/dirtyproof.jar), using nothing but the JDK: it runs
 * {@link Main} and turns a broken installation (a jar of lib/ missing or damaged: a NoClassDefFoundError)
 * or any other failure of the tool into exit 3 with one plain line. Without it the JVM would exit 1 with a
 * stack trace, and 1 means "a write can be lost".
 */
public final class Launch {

    private Launch() {
    }

    public static void main(String[] args) {
        int code;
        try {
            Class<?> main = Class.forName("dirtyproof.cli.Main");
            code = (Integer) main.getMethod("run", String[].class, PrintStream.class, PrintStream.class)
                    .invoke(null, args, System.out, System.err);
        } catch (InvocationTargetException e) {
            code = broken(e.getCause());
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            code = broken(e);
        }
        System.out.flush();
        System.exit(code);
    }

    private static int broken(Throwable t) {
        if (t instanceof LinkageError) {
            System.err.println("dirtyproof: the installation is incomplete or damaged (" + t + "); rebuild it: run"
                    + " ./dirtyproof from the checkout, or mvn -B -DskipTests package");
        } else {
            System.err.println("dirtyproof: internal error, no verdict: " + t);
        }
        if (Boolean.getBoolean("dirtyproof.debug")) {
            t.printStackTrace();
        }
        return 3;
    }
}
