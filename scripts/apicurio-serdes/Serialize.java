// Serializes Avro records with Apicurio's own Kafka serializer, from whichever serdes line is on the classpath (2.x
// or 3.x), and prints one JSON line per record: {"value":"<hex>","headers":{"<name>":"<hex>"}}. The tests produce
// the bytes to Kafka themselves. Run as a single-file program: java -cp 'DIR/lib/*' Serialize.java URL TOPIC SCHEMA
// COUNT [serde-config=value ...]. SCHEMA is Avro JSON of a record with a long `id` and a string `note`.
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

public class Serialize {
  public static void main(String[] args) throws Exception {
    Schema schema = new Schema.Parser().parse(args[2]);
    int count = Integer.parseInt(args[3]);
    Map<String, Object> conf = new HashMap<>();
    conf.put("apicurio.registry.url", args[0]);
    conf.put("apicurio.registry.auto-register", "true");
    for (int i = 4; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      conf.put(kv[0], kv[1]);
    }
    @SuppressWarnings("unchecked")
    Serializer<Object> serializer = (Serializer<Object>) Class.forName("io.apicurio.registry.serde.avro.AvroKafkaSerializer")
        .getDeclaredConstructor()
        .newInstance();
    serializer.configure(conf, false);
    HexFormat hex = HexFormat.of();
    for (int i = 0; i < count; i++) {
      GenericData.Record record = new GenericData.Record(schema);
      record.put("id", (long) i);
      record.put("note", "n" + i);
      RecordHeaders headers = new RecordHeaders();
      byte[] value = serializer.serialize(args[1], headers, record);
      StringBuilder line = new StringBuilder("{\"value\":\"").append(hex.formatHex(value)).append("\",\"headers\":{");
      String sep = "";
      for (Header h : headers) {
        line.append(sep).append('"').append(h.key()).append("\":\"").append(hex.formatHex(h.value())).append('"');
        sep = ",";
      }
      System.out.println(line.append("}}"));
    }
    serializer.close();
  }
}
