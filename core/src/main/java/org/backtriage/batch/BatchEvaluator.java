package org.backtriage.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams records through the engine: one thread reads records in chunks, a pool of workers parses,
 * validates, assesses and renders each chunk, and the calling thread writes chunks strictly in input
 * order. A bounded queue between them keeps memory flat however large the input.
 */
public final class BatchEvaluator {
    private static final int CHUNK = 256;

    /** Run settings: worker threads, output format, stop at the first rejected record, how much to write. */
    public record Options(int threads, OutputFormat format, boolean failFast, OutputFormat.Detail detail) {
        public Options(int threads, OutputFormat format, boolean failFast) {
            this(threads, format, failFast, OutputFormat.Detail.FULL);
        }
    }

    /** Told how far the run has got; called from the writing thread. */
    public interface Progress {
        void update(long records, long charsConsumed);

        Progress NONE = (records, chars) -> { };
    }

    /** Raised when the output cannot be written: the run stops, nothing more is read. */
    public static final class OutputFailure extends IOException {
        public OutputFailure(IOException cause) {
            super(cause.getMessage() == null ? "the output could not be written" : cause.getMessage(), cause);
        }
    }

    /** One record's work on a worker thread: from raw record to outcome and its rendering. */
    public interface RecordProcessor {
        Rendered process(RawRecord record);
    }

    /**
     * An outcome and its rendering: as text, or as UTF-8 bytes (workers render assessments straight to
     * bytes, which saves building a String and encoding it again on the writing thread). A {@code null}
     * rendering writes nothing for that record.
     */
    public record Rendered(Outcome outcome, String text, byte[] utf8) {
        public Rendered(Outcome outcome, String text) {
            this(outcome, text, null);
        }

        public static Rendered bytes(Outcome outcome, byte[] utf8) {
            return new Rendered(outcome, null, utf8);
        }

        boolean isEmpty() {
            return text == null && utf8 == null;
        }
    }

    /**
     * Sees every record's outcome and rendering, in input order, on the writing thread (a batch report
     * counts them; one-file-per-record output writes them). A failure stops the run like a failed write.
     */
    public interface Observer {
        void seen(Rendered rendered) throws IOException;

        Observer NONE = rendered -> { };
    }

    private final RecordProcessor processor;
    private final RecordFormat renderer;
    private final Options options;
    private final ObjectMapper json;

    public BatchEvaluator(TriageEngine engine, ObjectMapper json, Options options) {
        this(new RecordEvaluator(engine, json), json, options);
    }

    /** A batch whose records go through {@code evaluator} (one that also reads FHIR, for instance). */
    public BatchEvaluator(RecordEvaluator evaluator, ObjectMapper json, Options options) {
        this(evaluator, json, options, new OutputFormat.Renderer(options.format(), options.detail(), json));
    }

    /** A batch whose outcomes are written in {@code format} (HTML handouts, say) instead of {@code options.format()}. */
    public BatchEvaluator(TriageEngine engine, ObjectMapper json, Options options, RecordFormat format) {
        this(new RecordEvaluator(engine, json), json, options, format);
    }

    /** Records through {@code evaluator}, written in {@code format}. */
    public BatchEvaluator(RecordEvaluator evaluator, ObjectMapper json, Options options, RecordFormat format) {
        this.renderer = format;
        this.processor = record -> {
            Outcome outcome = evaluator.evaluate(record);
            return Rendered.bytes(outcome, renderer.renderBytes(outcome));
        };
        this.options = options;
        this.json = json;
    }

    /** A batch with its own per-record work (the benchmark's I/O floor runs the pipeline without rules). */
    public BatchEvaluator(RecordProcessor processor, ObjectMapper json, Options options) {
        this.renderer = new OutputFormat.Renderer(options.format(), options.detail(), json);
        this.processor = processor;
        this.options = options;
        this.json = json;
    }

    public Summary run(List<Input> inputs, InputStream stdin, RecordSink sink, Progress progress)
            throws OutputFailure, InterruptedException {
        return run(inputs, stdin, sink, progress, Observer.NONE);
    }

    public Summary run(List<Input> inputs, InputStream stdin, RecordSink sink, Progress progress, Observer observer)
            throws OutputFailure, InterruptedException {
        long started = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(Math.max(1, options.threads()), runnable -> {
            Thread thread = new Thread(runnable, "backtriage-worker");
            thread.setDaemon(true);
            return thread;
        });
        BlockingQueue<CompletableFuture<List<Rendered>>> inOrder = new ArrayBlockingQueue<>(Math.max(2, options.threads() * 4));
        CompletableFuture<List<Rendered>> endOfInput = CompletableFuture.completedFuture(null);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong charsConsumed = new AtomicLong();

        Thread reader = new Thread(() -> readAll(inputs, stdin, workers, inOrder, endOfInput, stop, charsConsumed),
                "backtriage-reader");
        reader.setDaemon(true);
        reader.start();

        Counts counts = new Counts();
        boolean any = false;
        try {
            sink.write(renderer.header());
            while (true) {
                CompletableFuture<List<Rendered>> next = inOrder.take();
                if (next == endOfInput) {
                    break;
                }
                List<Rendered> chunk = next.get();
                if (stop.get()) {
                    continue; // drain what was already read after a --fail-fast stop
                }
                for (Rendered rendered : chunk) {
                    counts.add(rendered.outcome());
                    observer.seen(rendered);
                    if (rendered.isEmpty()) {
                        continue; // a processor may report only some records (impact reports changed ones)
                    }
                    String before = any ? renderer.separator() : renderer.firstPrefix();
                    if (rendered.utf8() != null) {
                        if (!before.isEmpty()) {
                            sink.write(before);
                        }
                        sink.write(rendered.utf8());
                    } else {
                        sink.write(before + rendered.text());
                    }
                    any = true;
                    if (options.failFast() && !rendered.outcome().isAssessed()) {
                        stop.set(true);
                        break;
                    }
                }
                sink.flush();
                progress.update(counts.read, charsConsumed.get());
            }
            sink.write(renderer.footer(any));
            sink.flush();
        } catch (IOException e) {
            stop.set(true);
            throw new OutputFailure(e);
        } catch (ExecutionException e) {
            stop.set(true);
            throw new IllegalStateException("a worker failed", e.getCause());
        } finally {
            stop.set(true);
            inOrder.clear();
            workers.shutdownNow();
            reader.interrupt();
        }
        long elapsed = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        return new Summary(counts.read, counts.assessed, counts.rejected, counts.ruleFailed, counts.byLevel, counts.byWarning,
                elapsed, counts.read * 1000.0 / elapsed, stop.get() && options.failFast() && counts.rejected > 0);
    }

    private void readAll(List<Input> inputs, InputStream stdin, ExecutorService workers,
                         BlockingQueue<CompletableFuture<List<Rendered>>> inOrder,
                         CompletableFuture<List<Rendered>> endOfInput, AtomicBoolean stop, AtomicLong charsConsumed) {
        long charsBefore = 0;
        try {
            for (Input input : inputs) {
                if (stop.get()) {
                    break;
                }
                List<RawRecord> chunk = new ArrayList<>(CHUNK);
                try (RecordReader records = input.open(stdin, json)) {
                    RawRecord record;
                    while (!stop.get()) {
                        try {
                            record = records.next();
                        } catch (IOException e) {
                            chunk.add(RawRecord.unreadable(input.name(), "the input could not be read further: "
                                    + e.getClass().getSimpleName()));
                            break;
                        }
                        if (record == null) {
                            break;
                        }
                        chunk.add(record);
                        if (chunk.size() == CHUNK) {
                            submit(chunk, workers, inOrder);
                            chunk = new ArrayList<>(CHUNK);
                            charsConsumed.set(charsBefore + Math.max(0, records.consumed()));
                        }
                    }
                    charsBefore += Math.max(0, records.consumed());
                } catch (IOException e) {
                    chunk.add(RawRecord.unreadable(input.name(), "the input could not be opened: " + e.getClass().getSimpleName()));
                }
                if (!chunk.isEmpty()) {
                    submit(chunk, workers, inOrder);
                }
                charsConsumed.set(charsBefore);
            }
            inOrder.put(endOfInput);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a rejected submit after a stop: the writer has already finished
            inOrder.offer(endOfInput);
        }
    }

    private void submit(List<RawRecord> chunk, ExecutorService workers,
                        BlockingQueue<CompletableFuture<List<Rendered>>> inOrder) throws InterruptedException {
        inOrder.put(CompletableFuture.supplyAsync(() -> {
            List<Rendered> out = new ArrayList<>(chunk.size());
            for (RawRecord record : chunk) {
                out.add(processor.process(record));
            }
            return out;
        }, workers));
    }

    /** Counters kept by the writing thread only. */
    private static final class Counts {
        long read;
        long assessed;
        long rejected;
        long ruleFailed;
        final Map<String, Long> byLevel = new ConcurrentHashMap<>();
        final Map<String, Long> byWarning = new ConcurrentHashMap<>();

        void add(Outcome outcome) {
            read++;
            if (outcome.isAssessed()) {
                assessed++;
                Assessment a = outcome.assessment();
                byLevel.merge(a.referral().level(), 1L, Long::sum);
                for (Assessment.Warning w : a.warnings()) {
                    byWarning.merge(w.code(), 1L, Long::sum);
                }
            } else {
                rejected++;
                if (outcome.failedRule() != null) {
                    ruleFailed++;
                }
            }
        }
    }
}
