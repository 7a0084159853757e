import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline stand-in for Firebase's Cloud Storage rules runtime (cloud-storage-rules-runtime-*.jar), which the
 * Storage emulator must spawn but which cannot be downloaded on a machine without internet.
 *
 * It speaks the runtime's JSON-lines protocol as firebase-tools 14 uses it: it announces itself with
 * {"id":-1,"status":"ok"}, accepts every ruleset it is asked to load and permits every request. storage.rules
 * are therefore NOT evaluated by the local Storage emulator when this stand-in is used (admin clients, which the
 * pipeline uses, bypass rules in production too). With internet, `npx firebase setup:emulators:storage` fetches
 * the real runtime and scripts/lib/emulator-setup.mjs prefers it.
 */
public final class StorageRulesStandIn {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(-?\\d+)\\s*}\\s*$");

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.println("{\"id\":-1,\"status\":\"ok\"}");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      Matcher m = ID.matcher(line);
      if (!m.find()) {
        continue;
      }
      String id = m.group(1);
      String result = line.startsWith("{\"action\":\"load_ruleset\"")
          ? "{\"rulesVersion\":2}"
          : "{\"permit\":true}";
      out.println("{\"id\":" + id + ",\"status\":\"ok\",\"errors\":[],\"warnings\":[],\"result\":" + result + "}");
    }
  }
}
