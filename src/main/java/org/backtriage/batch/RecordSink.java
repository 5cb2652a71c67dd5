package org.backtriage.batch;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/** Where rendered records go. A write failure (disk full, closed pipe) surfaces as an IOException. */
public interface RecordSink {
    void write(String text) throws IOException;

    void flush() throws IOException;

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
