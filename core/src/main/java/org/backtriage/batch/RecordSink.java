package org.backtriage.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Where rendered records go. A write failure (disk full, closed pipe) surfaces as an IOException. */
public interface RecordSink {
    void write(String text) throws IOException;

    /** Writes text already encoded as UTF-8 (workers render straight to bytes). */
    default void write(byte[] utf8) throws IOException {
        write(new String(utf8, StandardCharsets.UTF_8));
    }

    void flush() throws IOException;

    /**
     * A sink onto a file's bytes: rendered records are copied as they are, with no second encoding. The
     * writing thread only copies, so it never becomes the pipeline's bottleneck.
     */
    static RecordSink of(OutputStream stream) {
        return new RecordSink() {
            @Override
            public void write(String text) throws IOException {
                stream.write(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void write(byte[] utf8) throws IOException {
                stream.write(utf8);
            }

            @Override
            public void flush() throws IOException {
                stream.flush();
            }
        };
    }

    static RecordSink of(Writer writer) {
        if (writer instanceof PrintWriter printer) {
            // PrintWriter swallows IOExceptions; its error flag is the only way to see a closed pipe
            return new RecordSink() {
                @Override
                public void write(String text) throws IOException {
                    printer.write(text); // checked at flush: checkError() itself flushes, too slow per record
                }

                @Override
                public void flush() throws IOException {
                    printer.flush();
                    if (printer.checkError()) {
                        throw new IOException("the output could not be written");
                    }
                }
            };
        }
        return new RecordSink() {
            @Override
            public void write(String text) throws IOException {
                writer.write(text);
            }

            @Override
            public void flush() throws IOException {
                writer.flush();
            }
        };
    }
}
