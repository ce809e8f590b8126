// Starts Solr 9 in-process with JettySolrRunner (solr-test-framework), the way the
// observatory runs Solr without a Solr distribution: the jars come from Maven Central.
//
// usage: java -cp 'LIB/*' SolrLauncher.java SOLR_HOME PORT
// Blocks until killed; a shutdown hook stops Jetty and closes the cores cleanly.

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class SolrLauncher {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrLauncher SOLR_HOME PORT");
      System.exit(2);
    }
    String home = args[0];
    int port = Integer.parseInt(args[1]);
    JettyConfig config =
        JettyConfig.builder().setPort(port).setContext("/solr").stopAtShutdown(true).build();
    JettySolrRunner solr = new JettySolrRunner(home, new Properties(), config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    solr.stop();
                  } catch (Exception e) {
                    System.err.println("solr stop failed: " + e);
                  }
                  stopped.countDown();
                }));
    solr.start();
    System.out.println("Solr (Lucene " + org.apache.lucene.util.Version.LATEST + ") listening on " + solr.getBaseUrl());
    stopped.await();
  }
}
