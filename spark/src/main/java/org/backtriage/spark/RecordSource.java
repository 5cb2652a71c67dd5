package org.backtriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.sql.Row;
import org.backtriage.batch.RawRecord;

import java.io.Serializable;
import java.util.Iterator;

/** Turns the rows of one Spark partition into the batch's raw records, lazily, counting each one read. */
interface RecordSource extends Serializable {
    Iterator<RawRecord> records(Iterator<Row> rows, ObjectMapper json);
}
