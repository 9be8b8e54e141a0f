// The Lucene 8 peer of the benchmark: ingests the passages into a Lucene index and answers
// the benchmark's queries, following the protocol in scripts/bench/PEERS.md.
//
//     LucenePeer ingest PASSAGES.ndjson INDEX_DIR
//     LucenePeer check QUERIES.json INDEX_DIR
//     LucenePeer time QUERIES.json INDEX_DIR [--rounds R]
//
// Run it through lucene.sh beside this file, which compiles it against Debian's Lucene jars.

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.FilteringTokenFilter;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.DrillDownQuery;
import org.apache.lucene.facet.DrillSideways;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.Facets;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CachingCollector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiCollector;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopDocsCollector;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopScoreDocCollector;
import org.apache.lucene.search.TotalHitCountCollector;
import org.apache.lucene.search.grouping.AllGroupsCollector;
import org.apache.lucene.search.grouping.FirstPassGroupingCollector;
import org.apache.lucene.search.grouping.GroupDocs;
import org.apache.lucene.search.grouping.SearchGroup;
import org.apache.lucene.search.grouping.TermGroupSelector;
import org.apache.lucene.search.grouping.TopGroupsCollector;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.UnicodeUtil;
import org.tartarus.snowball.ext.EnglishStemmer;

public final class LucenePeer {
  static final String ENGINE = "lucene";
  static final String[] TEXT_FIELDS = {"title", "heading", "text", "attributes"};
  static final List<String> FACETS =
      List.of("place", "segment", "theme", "community", "kind", "method", "organisation",
          "participation", "visibility", "language", "status");
  static final String ID = "id";
  static final String DOC_ID = "doc_id";
  static final String DATE_TO = "date_to";
  /** Hits on a results page. */
  static final int PAGE = 10;
  /** Our writer's memory budget is 128 MiB; Lucene's RAM buffer is the same knob. */
  static final double RAM_BUFFER_MB = 128;
  /** The machine has 2 cores; ours indexes with as many threads. */
  static final int INDEXING_THREADS = 2;
  /** Lines handed to an indexing thread at once. */
  static final int BATCH_LINES = 1000;
  /** The default number of timed rounds (PEERS.md's example). */
  static final int DEFAULT_ROUNDS = 20;
  /** Memory the grouped page may use to replay the hits for its second pass. */
  static final double GROUPING_CACHE_MB = 64;

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          // Facet values come out sorted, so check outputs diff cleanly between engines.
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  static final String USAGE =
      "usage: lucene.sh ingest PASSAGES.ndjson INDEX_DIR\n"
          + "       lucene.sh check QUERIES.json INDEX_DIR\n"
          + "       lucene.sh time QUERIES.json INDEX_DIR [--rounds R]   (default "
          + DEFAULT_ROUNDS + ")\n"
          + "       lucene.sh rank QUERIES.txt INDEX_DIR   (one free-text query a line;"
          + " prints the ids of the first " + PAGE + " by BM25, classic query parser, OR)";

  /** A mistake in the command line or in the input: reported as one line, no stack trace. */
  static final class UserError extends Exception {
    final int exitCode;

    UserError(String message) {
      this(message, 1);
    }

    UserError(String message, int exitCode) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  public static void main(String[] args) throws Exception {
    try {
      run(args);
    } catch (UserError e) {
      System.err.println("lucene peer: " + e.getMessage());
      System.exit(e.exitCode);
    }
  }

  static void run(String[] args) throws Exception {
    if (args.length < 3) {
      throw new UserError(USAGE, 2);
    }
    Path input = Paths.get(args[1]);
    Path index = Paths.get(args[2]);
    switch (args[0]) {
      case "ingest":
        expectNoMoreArguments(args, 3);
        ingest(input, index);
        break;
      case "check":
        expectNoMoreArguments(args, 3);
        check(readQueries(input), index);
        break;
      case "time":
        time(readQueries(input), index, rounds(args));
        break;
      case "rank":
        expectNoMoreArguments(args, 3);
        rank(input, index);
        break;
      default:
        throw new UserError("unknown command '" + args[0] + "'\n" + USAGE, 2);
    }
  }

  static void expectNoMoreArguments(String[] args, int count) throws UserError {
    if (args.length > count) {
      throw new UserError("unexpected argument '" + args[count] + "'\n" + USAGE, 2);
    }
  }

  static int rounds(String[] args) throws UserError {
    if (args.length == 3) {
      return DEFAULT_ROUNDS;
    }
    if (args.length != 5 || !args[3].equals("--rounds")) {
      throw new UserError("expected '--rounds R' after the index folder\n" + USAGE, 2);
    }
    try {
      int rounds = Integer.parseInt(args[4]);
      if (rounds >= 1) {
        return rounds;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError("--rounds wants a whole number of at least 1, not '" + args[4] + "'", 2);
  }

  // ---------------------------------------------------------------------------------------
  // Analysis and schema

  /**
   * Our English analyzer (crates/index/src/schema.rs) in Lucene terms: words are runs of
   * letters and digits as Rust's char::is_alphanumeric sees them, CJK characters excepted
   * (ours indexes those in other fields); words of 40 UTF-8 bytes or more are dropped
   * (tantivy's RemoveLongFilter); then lowercase, ASCII folding and the Snowball English
   * (Porter2) stemmer. No stop words.
   */
  static final class WordAnalyzer extends Analyzer {
    /** CharTokenizer cuts longer runs into pieces; this keeps whole words, for the filter. */
    static final int LONGEST_RUN = 1024 * 1024;

    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      Tokenizer words =
          new CharTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, LONGEST_RUN) {
            @Override
            protected boolean isTokenChar(int c) {
              return isWordChar(c);
            }
          };
      TokenStream stream = new DropLongWords(words);
      stream = new LowerCaseFilter(stream);
      stream = new ASCIIFoldingFilter(stream);
      stream = new SnowballFilter(stream, new EnglishStemmer());
      return new TokenStreamComponents(words, stream);
    }
  }

  /** Rust's char::is_alphanumeric (Alphabetic, or a number: Nd, Nl, No), not CJK. */
  static boolean isWordChar(int c) {
    if (isCjk(c)) {
      return false;
    }
    if (Character.isAlphabetic(c)) {
      return true;
    }
    int type = Character.getType(c);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** The same ranges as is_cjk in crates/index/src/language.rs. */
  static boolean isCjk(int c) {
    return (c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF)
        || (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x3400 && c <= 0x4DBF)
        || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0x20000 && c <= 0x3134F) || (c >= 0x1100 && c <= 0x11FF)
        || (c >= 0x3130 && c <= 0x318F) || (c >= 0xAC00 && c <= 0xD7AF);
  }

  /** Drops words of 40 UTF-8 bytes or more, as tantivy's RemoveLongFilter::limit(40). */
  static final class DropLongWords extends FilteringTokenFilter {
    static final int LIMIT_BYTES = 40;
    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

    DropLongWords(TokenStream input) {
      super(input);
    }

    @Override
    protected boolean accept() {
      return UnicodeUtil.calcUTF16toUTF8Length(term, 0, term.length()) < LIMIT_BYTES;
    }
  }

  /**
   * All eleven facets are multi-valued flat SortedSet doc-values dimensions: a value such
   * as "West Yorkshire/Leeds" is one label (its ancestors are listed as values of their
   * own), so neither Lucene's hierarchy nor its path splitting is used.
   */
  static FacetsConfig facetsConfig() {
    FacetsConfig config = new FacetsConfig();
    for (String facet : FACETS) {
      config.setMultiValued(facet, true);
    }
    return config;
  }

  // ---------------------------------------------------------------------------------------
  // ingest

  /**
   * The failure of the indexing threads with the lowest line number. Reading stops at the
   * first failure but every batch before it is indexed, so this is the file's first bad line.
   */
  static final class FirstFailure {
    private long line;
    private Throwable error;

    synchronized void record(long line, Throwable error) {
      if (this.error == null || line < this.line) {
        this.line = line;
        this.error = error;
      }
    }

    synchronized boolean happened() {
      return error != null;
    }

    /** Throws the failure if there was one: a bad line as a UserError naming file and line. */
    synchronized void rethrow(Path passages) throws Exception {
      if (error instanceof UserError || error instanceof IllegalArgumentException) {
        throw new UserError(passages + " line " + line + ": " + error.getMessage());
      }
      if (error instanceof Exception) {
        throw (Exception) error;
      }
      if (error != null) {
        throw (Error) error;
      }
    }
  }

  static void ingest(Path passages, Path indexDir) throws Exception {
    if (!Files.isRegularFile(passages) || !Files.isReadable(passages)) {
      throw new UserError("cannot read the passages file " + passages);
    }
    prepareIndexDir(indexDir);
    long start = System.nanoTime();
    IndexWriterConfig writerConfig =
        new IndexWriterConfig(new WordAnalyzer())
            .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
            .setRAMBufferSizeMB(RAM_BUFFER_MB);
    long passageCount;
    try (Directory dir = FSDirectory.open(indexDir);
        IndexWriter writer = new IndexWriter(dir, writerConfig)) {
      Indexing indexing = new Indexing(writer, facetsConfig());
      try {
        try (LineInput in = new LineInput(passages)) {
          long lineNumber = 0;
          List<byte[]> batch = new ArrayList<>(BATCH_LINES);
          byte[] line;
          while (!indexing.failure.happened() && (line = in.next()) != null) {
            lineNumber++;
            batch.add(line);
            if (batch.size() == BATCH_LINES) {
              indexing.submit(batch, lineNumber - batch.size() + 1);
              batch = new ArrayList<>(BATCH_LINES);
            }
          }
          if (!batch.isEmpty()) {
            indexing.submit(batch, lineNumber - batch.size() + 1);
          }
        } finally {
          indexing.finish();
        }
        indexing.failure.rethrow(passages);
      } catch (Throwable e) {
        // Leave no half-built index behind (closing the writer would commit it).
        writer.rollback();
        throw e;
      }
      // No forceMerge: ours does not merge down to one segment either. Closing the writer
      // waits for the merges that Lucene's merge policy started on its own.
      writer.commit();
      passageCount = indexing.count.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    ObjectNode report = JSON.createObjectNode();
    report.put("engine", ENGINE);
    report.put("passages", passageCount);
    report.put("seconds", Math.round(seconds * 1000) / 1000.0);
    try (PrintWriter out = stdout()) {
      out.println(JSON.writeValueAsString(report));
    }
  }

  /**
   * The relevance benchmark's peer (scripts/eval/relevance.py): each line of the input is
   * a query as a person typed it, read by Lucene's classic query parser over the four text
   * fields with OR between words (its default), special characters escaped so that the
   * words are searched as words; ranked by Lucene's BM25. Prints one JSON array of passage
   * ids a line.
   */
  static void rank(Path queries, Path indexDir) throws Exception {
    List<String> lines = Files.readAllLines(queries, UTF_8);
    try (Directory dir = FSDirectory.open(indexDir);
        DirectoryReader reader = DirectoryReader.open(dir);
        PrintWriter out = stdout()) {
      IndexSearcher searcher = new IndexSearcher(reader);
      org.apache.lucene.queryparser.classic.MultiFieldQueryParser parser =
          new org.apache.lucene.queryparser.classic.MultiFieldQueryParser(
              TEXT_FIELDS, new WordAnalyzer());
      parser.setDefaultOperator(org.apache.lucene.queryparser.classic.QueryParser.OR_OPERATOR);
      for (String line : lines) {
        List<String> ids = new ArrayList<>();
        String text = line.strip();
        if (!text.isEmpty()) {
          Query query =
              parser.parse(org.apache.lucene.queryparser.classic.QueryParser.escape(text));
          for (ScoreDoc hit : searcher.search(query, PAGE).scoreDocs) {
            ids.add(searcher.doc(hit.doc).get(ID));
          }
        }
        out.println(JSON.writeValueAsString(ids));
      }
    }
  }

  /**
   * The index folder must be missing, empty or an earlier Lucene index (which OpenMode.CREATE
   * replaces): anything else is probably a wrong path, and is left alone. Lucene's write.lock
   * does not count: a failed ingest leaves it behind in a folder that has no index.
   */
  static void prepareIndexDir(Path indexDir) throws IOException, UserError {
    if (Files.exists(indexDir) && !Files.isDirectory(indexDir)) {
      throw new UserError("the index folder " + indexDir + " is a file");
    }
    Files.createDirectories(indexDir);
    boolean empty;
    try (Stream<Path> entries = Files.list(indexDir)) {
      empty = entries.allMatch(
          entry -> entry.getFileName().toString().equals(IndexWriter.WRITE_LOCK_NAME));
    }
    if (!empty) {
      try (Directory dir = FSDirectory.open(indexDir)) {
        if (!DirectoryReader.indexExists(dir)) {
          throw new UserError(
              "the index folder " + indexDir + " holds files that are not a Lucene index;"
                  + " give an empty or new folder");
        }
      }
    }
  }

  /**
   * The lines of a file as bytes, without their '\n'. Jackson decodes the UTF-8 itself, so
   * a bad byte is reported with its own line's number (a Reader would fail ahead of it).
   */
  static final class LineInput implements Closeable {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 16];
    /** The bytes not yet returned are buffer[start, end). */
    private int start;
    private int end;

    LineInput(Path file) throws IOException {
      in = Files.newInputStream(file);
    }

    /** The next line, or null at the end of the file. */
    byte[] next() throws IOException {
      int scanned = start;
      while (true) {
        for (int i = scanned; i < end; i++) {
          if (buffer[i] == '\n') {
            byte[] line = Arrays.copyOfRange(buffer, start, i);
            start = i + 1;
            return line;
          }
        }
        // No newline yet: keep the partial line at the front, grow if it fills the buffer.
        scanned = end - start;
        System.arraycopy(buffer, start, buffer, 0, scanned);
        end = scanned;
        start = 0;
        if (end == buffer.length) {
          buffer = Arrays.copyOf(buffer, 2 * buffer.length);
        }
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
          // The last line may lack its newline.
          start = end;
          return end == 0 ? null : Arrays.copyOf(buffer, end);
        }
        end += read;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** Batches of lines parsed and added to the writer by the indexing threads. */
  static final class Indexing {
    final IndexWriter writer;
    final FacetsConfig config;
    final ExecutorService threads = Executors.newFixedThreadPool(INDEXING_THREADS);
    /** Two batches queued per thread at most: the file is streamed, never held in memory. */
    final Semaphore inFlight = new Semaphore(2 * INDEXING_THREADS);
    final AtomicLong count = new AtomicLong();
    final FirstFailure failure = new FirstFailure();

    Indexing(IndexWriter writer, FacetsConfig config) {
      this.writer = writer;
      this.config = config;
    }

    /** Waits for a free slot, then indexes the lines on an indexing thread. */
    void submit(List<byte[]> lines, long firstLine) throws InterruptedException {
      inFlight.acquire();
      threads.execute(
          () -> {
            try {
              index(lines, firstLine);
            } finally {
              inFlight.release();
            }
          });
    }

    /** Blank lines are skipped; a failure stops the batch and is recorded. */
    private void index(List<byte[]> lines, long firstLine) {
      long lineNumber = firstLine;
      try {
        for (byte[] line : lines) {
          if (!isBlank(line)) {
            writer.addDocument(passageDocument(line, config));
            count.incrementAndGet();
          }
          lineNumber++;
        }
      } catch (Throwable e) {
        failure.record(lineNumber, e);
      }
    }

    void finish() throws InterruptedException {
      threads.shutdown();
      threads.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
  }

  /** Only spaces, tabs and carriage returns. */
  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  /** One passage line (see PEERS.md) as a Lucene document. */
  static Document passageDocument(byte[] line, FacetsConfig config)
      throws IOException, UserError {
    JsonNode passage;
    try {
      passage = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      throw new UserError("not valid JSON: " + e.getOriginalMessage());
    }
    if (!passage.isObject()) {
      throw new UserError("expected a JSON object");
    }
    Document doc = new Document();
    // Only the id is stored: the page returns passage ids and nothing else.
    doc.add(new StoredField(ID, requiredString(passage, ID)));
    doc.add(new SortedDocValuesField(DOC_ID, new BytesRef(requiredString(passage, DOC_ID))));
    for (String field : TEXT_FIELDS) {
      doc.add(new TextField(field, optionalString(passage, field), Field.Store.NO));
    }
    JsonNode dateTo = passage.get(DATE_TO);
    if (dateTo != null && !dateTo.isNull()) {
      doc.add(new NumericDocValuesField(DATE_TO, date(dateTo).toEpochDay()));
    }
    JsonNode facets = passage.get("facets");
    if (facets != null && !facets.isNull()) {
      if (!facets.isObject()) {
        throw new UserError("'facets' must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> facet = it.next();
        for (String value : facetValues(facet.getKey(), facet.getValue(), "facets")) {
          doc.add(new SortedSetDocValuesFacetField(facet.getKey(), value));
        }
      }
    }
    return config.build(doc);
  }

  static String requiredString(JsonNode object, String key) throws UserError {
    JsonNode value = object.get(key);
    if (value == null || !value.isTextual() || value.asText().isEmpty()) {
      throw new UserError("'" + key + "' must be a non-empty string");
    }
    return value.asText();
  }

  /** A text field: missing or null reads as empty. */
  static String optionalString(JsonNode object, String key) throws UserError {
    JsonNode value = object.get(key);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new UserError("'" + key + "' must be a string");
    }
    return value.asText();
  }

  static LocalDate date(JsonNode value) throws UserError {
    if (value.isTextual()) {
      try {
        return LocalDate.parse(value.asText());
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw new UserError("'" + DATE_TO + "' must be a YYYY-MM-DD date or null, not " + value);
  }

  /** A facet's values, in a passage or a query filter: a list of non-empty strings. */
  static List<String> facetValues(String facet, JsonNode values, String where)
      throws UserError {
    if (!FACETS.contains(facet)) {
      throw new UserError(
          "unknown facet '" + facet + "' in '" + where + "' (the facets are " + FACETS + ")");
    }
    if (!values.isArray()) {
      throw new UserError("'" + where + "." + facet + "' must be a list of strings");
    }
    List<String> out = new ArrayList<>(values.size());
    for (JsonNode value : values) {
      if (!value.isTextual() || value.asText().isEmpty()) {
        throw new UserError("'" + where + "." + facet + "' must be a list of non-empty strings");
      }
      out.add(value.asText());
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------
  // Queries

  /** One entry of queries.json. */
  record QuerySpec(String name, String kind, List<String> terms, List<String> phrase,
      Map<String, List<String>> filters, boolean groupByDocument, boolean newest) {}

  static List<QuerySpec> readQueries(Path file) throws IOException, UserError {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new UserError("cannot read the queries file " + file);
    }
    JsonNode root;
    try {
      root = JSON.readTree(Files.readString(file, UTF_8));
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new UserError(file + " is not valid JSON: " + e.getOriginalMessage() + where);
    } catch (CharacterCodingException e) {
      throw new UserError(file + " is not valid UTF-8");
    }
    if (!root.isArray()) {
      throw new UserError(file + " must hold a JSON list of queries");
    }
    List<QuerySpec> queries = new ArrayList<>();
    for (JsonNode query : root) {
      try {
        queries.add(querySpec(query));
      } catch (UserError e) {
        String name = query.path("name").isTextual() ? " '" + query.get("name").asText() + "'" : "";
        throw new UserError(file + " query " + (queries.size() + 1) + name + ": " + e.getMessage());
      }
    }
    return queries;
  }

  static QuerySpec querySpec(JsonNode query) throws UserError {
    if (!query.isObject()) {
      throw new UserError("expected a JSON object");
    }
    List<String> terms = words(query.get("terms"), "terms");
    List<String> phrase = words(query.get("phrase"), "phrase");
    Map<String, List<String>> filters = new LinkedHashMap<>();
    JsonNode filterNode = query.get("filters");
    if (filterNode != null && !filterNode.isNull()) {
      if (!filterNode.isObject()) {
        throw new UserError("'filters' must be an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = filterNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> filter = it.next();
        List<String> values = facetValues(filter.getKey(), filter.getValue(), "filters");
        // An empty list filters nothing out, like a facet with no filter.
        if (!values.isEmpty()) {
          filters.put(filter.getKey(), values);
        }
      }
    }
    JsonNode group = query.get("group_by_document");
    if (group != null && !group.isNull() && !group.isBoolean()) {
      throw new UserError("'group_by_document' must be true or false");
    }
    JsonNode sort = query.get("sort");
    String order = sort == null || sort.isNull() ? "relevance" : sort.asText();
    if (!order.equals("relevance") && !order.equals("newest")) {
      throw new UserError("'sort' must be \"relevance\" or \"newest\", not " + sort);
    }
    return new QuerySpec(requiredString(query, "name"), requiredString(query, "kind"), terms,
        phrase, filters, group != null && group.asBoolean(), order.equals("newest"));
  }

  /** A list of words; missing or null is an empty list. */
  static List<String> words(JsonNode node, String key) throws UserError {
    List<String> words = new ArrayList<>();
    if (node == null || node.isNull()) {
      return words;
    }
    if (!node.isArray()) {
      throw new UserError("'" + key + "' must be a list of strings or null");
    }
    for (JsonNode word : node) {
      if (!word.isTextual()) {
        throw new UserError("'" + key + "' must be a list of strings or null");
      }
      words.add(word.asText());
    }
    return words;
  }

  /** What a results page needs; ids are passage ids (one per document when grouped). */
  record Page(long total, Integer totalDocuments, Map<String, Map<String, Integer>> facets,
      List<String> ids) {}

  /** An open index, with what every query shares. */
  static final class Searcher implements AutoCloseable {
    final Directory dir;
    final DirectoryReader reader;
    final IndexSearcher searcher;
    final FacetsConfig config = facetsConfig();
    final SortedSetDocValuesReaderState facetState;
    final DrillSideways sideways;
    final Analyzer analyzer = new WordAnalyzer();
    final Sort newest;

    Searcher(Path indexDir) throws IOException, UserError {
      String noIndex = "no Lucene index in " + indexDir + ": build one with 'lucene.sh ingest'";
      if (!Files.isDirectory(indexDir)) {
        throw new UserError(noIndex);
      }
      dir = FSDirectory.open(indexDir);
      if (!DirectoryReader.indexExists(dir)) {
        dir.close();
        throw new UserError(noIndex);
      }
      reader = DirectoryReader.open(dir);
      searcher = new IndexSearcher(reader);
      // No query cache: the timed rounds repeat the same queries, and Lucene would then
      // answer the facet filters from cached bitsets, which ours has no counterpart of.
      searcher.setQueryCache(null);
      try {
        // Built once: it maps every segment's facet ordinals to global ones.
        facetState = new DefaultSortedSetDocValuesReaderState(reader);
      } catch (IllegalArgumentException e) {
        close();
        throw new UserError("the index in " + indexDir + " has no facet values at all");
      }
      sideways = new DrillSideways(searcher, config, facetState);
      SortField dateTo = new SortField(DATE_TO, SortField.Type.LONG, true);
      // Descending, so the smallest value puts passages without a date last.
      dateTo.setMissingValue(Long.MIN_VALUE);
      newest = new Sort(dateTo);
    }

    @Override
    public void close() throws IOException {
      reader.close();
      dir.close();
    }

    /** Every word of the terms, and the phrase, must match in one of the text fields. */
    DrillDownQuery query(QuerySpec spec) throws IOException {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      boolean any = false;
      for (String word : spec.terms()) {
        List<String> tokens = analyse(word);
        if (!tokens.isEmpty()) {
          all.add(inAnyField(tokens), Occur.MUST);
          any = true;
        }
      }
      List<String> phrase = analyse(String.join(" ", spec.phrase()));
      if (!phrase.isEmpty()) {
        all.add(inAnyField(phrase), Occur.MUST);
        any = true;
      }
      Query text = any ? all.build() : new MatchAllDocsQuery();
      DrillDownQuery query = new DrillDownQuery(config, text);
      for (Map.Entry<String, List<String>> filter : spec.filters().entrySet()) {
        for (String value : filter.getValue()) {
          // Values added to one dimension are OR'ed; dimensions are AND'ed.
          query.add(filter.getKey(), value);
        }
      }
      return query;
    }

    /**
     * Tokens (one word, or a phrase, or a word the analyzer splits such as "covid-19") that
     * must be adjacent in one field, any of the four; a SHOULD per field sums their BM25
     * scores, as tantivy's multi-field query parser does.
     */
    Query inAnyField(List<String> tokens) {
      BooleanQuery.Builder fields = new BooleanQuery.Builder();
      for (String field : TEXT_FIELDS) {
        Query inField =
            tokens.size() == 1
                ? new TermQuery(new Term(field, tokens.get(0)))
                : new PhraseQuery(field, tokens.toArray(new String[0]));
        fields.add(inField, Occur.SHOULD);
      }
      return fields.build();
    }

    List<String> analyse(String text) throws IOException {
      List<String> tokens = new ArrayList<>();
      try (TokenStream stream = analyzer.tokenStream(TEXT_FIELDS[0], text)) {
        CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
        stream.reset();
        while (stream.incrementToken()) {
          tokens.add(term.toString());
        }
        stream.end();
      }
      return tokens;
    }

    /**
     * One request: total, all facets with multi-select counts, the first page. DrillSideways
     * counts each filtered facet over the hits of the query without that facet's own filter,
     * and the other facets over the hits of the whole query, in the same pass that feeds the
     * hit collector.
     */
    Page page(QuerySpec spec) throws IOException {
      DrillDownQuery query = query(spec);
      Sort order = spec.newest() ? newest : Sort.RELEVANCE;
      if (!spec.groupByDocument()) {
        TopDocsCollector<?> top =
            spec.newest()
                ? TopFieldCollector.create(order, PAGE, Integer.MAX_VALUE)
                : TopScoreDocCollector.create(PAGE, Integer.MAX_VALUE);
        Facets facets = sideways.search(query, top).facets;
        TopDocs hits = top.topDocs();
        List<String> ids = new ArrayList<>(hits.scoreDocs.length);
        for (ScoreDoc hit : hits.scoreDocs) {
          ids.add(passageId(hit.doc));
        }
        return new Page(hits.totalHits.value, null, facetCounts(facets), ids);
      }
      // Grouped by document: the first pass finds the best 10 documents and counts the
      // distinct ones; the second finds each document's best passage, over the first pass's
      // hits replayed from memory instead of searching again.
      TotalHitCountCollector total = new TotalHitCountCollector();
      FirstPassGroupingCollector<BytesRef> firstPass =
          new FirstPassGroupingCollector<>(new TermGroupSelector(DOC_ID), order, PAGE);
      AllGroupsCollector<BytesRef> documents =
          new AllGroupsCollector<>(new TermGroupSelector(DOC_ID));
      CachingCollector hits =
          CachingCollector.create(MultiCollector.wrap(total, firstPass, documents),
              !spec.newest(), GROUPING_CACHE_MB);
      Facets facets = sideways.search(query, hits).facets;
      List<String> ids = new ArrayList<>(PAGE);
      Collection<SearchGroup<BytesRef>> topDocuments = firstPass.getTopGroups(0);
      if (topDocuments != null) {
        TopGroupsCollector<BytesRef> secondPass =
            new TopGroupsCollector<>(new TermGroupSelector(DOC_ID), topDocuments, order, order,
                1, false);
        if (hits.isCached()) {
          hits.replay(secondPass);
        } else {
          searcher.search(query, secondPass);
        }
        for (GroupDocs<BytesRef> document : secondPass.getTopGroups(0).groups) {
          ids.add(passageId(document.scoreDocs[0].doc));
        }
      }
      return new Page(total.getTotalHits(), documents.getGroupCount(), facetCounts(facets), ids);
    }

    String passageId(int doc) throws IOException {
      return searcher.doc(doc, Set.of(ID)).get(ID);
    }

    /** Every value with a non-zero count of every facet that has one. */
    Map<String, Map<String, Integer>> facetCounts(Facets facets) throws IOException {
      Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
      for (String facet : FACETS) {
        SortedSetDocValuesReaderState.OrdRange values = facetState.getOrdRange(facet);
        if (values == null) {
          continue; // no passage has this facet
        }
        // Ask for all the facet's values: Lucene allocates a queue of this size.
        FacetResult result = facets.getTopChildren(values.end - values.start + 1, facet);
        if (result == null) {
          continue; // no hit has this facet
        }
        Map<String, Integer> byValue = new LinkedHashMap<>();
        for (LabelAndValue value : result.labelValues) {
          byValue.put(value.label, value.value.intValue());
        }
        counts.put(facet, byValue);
      }
      return counts;
    }
  }

  // ---------------------------------------------------------------------------------------
  // check and time

  static void check(List<QuerySpec> queries, Path indexDir) throws Exception {
    try (Searcher searcher = new Searcher(indexDir);
        PrintWriter out = stdout()) {
      for (QuerySpec spec : queries) {
        Page page = searcher.page(spec);
        ObjectNode line = JSON.createObjectNode();
        line.put("name", spec.name());
        line.put("total", page.total());
        line.put("total_documents", page.totalDocuments());
        line.set("facets", JSON.valueToTree(page.facets()));
        out.println(JSON.writeValueAsString(line));
      }
    }
  }

  static void time(List<QuerySpec> queries, Path indexDir, int rounds) throws Exception {
    try (Searcher searcher = new Searcher(indexDir)) {
      for (QuerySpec spec : queries) {
        searcher.page(spec); // warm-up, untimed
      }
      double[][] ms = new double[queries.size()][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int q = 0; q < queries.size(); q++) {
          long start = System.nanoTime();
          searcher.page(queries.get(q));
          ms[q][round] = (System.nanoTime() - start) / 1e6;
        }
      }
      ObjectNode report = JSON.createObjectNode();
      report.put("engine", ENGINE);
      report.put("rounds", rounds);
      ArrayNode timings = report.putArray("queries");
      for (int q = 0; q < queries.size(); q++) {
        ObjectNode timing = timings.addObject();
        timing.put("name", queries.get(q).name());
        timing.put("kind", queries.get(q).kind());
        ArrayNode runs = timing.putArray("ms");
        for (double run : ms[q]) {
          runs.add(Math.round(run * 1000) / 1000.0);
        }
      }
      try (PrintWriter out = stdout()) {
        out.println(JSON.writeValueAsString(report));
      }
    }
  }

  /** UTF-8 whatever the locale: facet values need not be ASCII. */
  static PrintWriter stdout() {
    return new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, UTF_8)));
  }
}
