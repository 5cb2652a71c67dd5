package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.TestIntakes;
import org.backtriage.assessment.Assessment;
import org.backtriage.pages.FixtureRun;
import org.backtriage.pages.Handout;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /v1/assessments} with {@code Accept: text/html}: the patient handout for that intake. */
@ExtendWith(FixtureRun.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoutHttpTest {
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private final FixtureRun run;
    private HttpFixture http;

    HandoutHttpTest(FixtureRun run) {
        this.run = run;
    }

    @BeforeAll
    void start() {
        // the server's clock dates the handout: noon UTC, the same day in the machine's zone wherever it is
        http = new HttpFixture(TriageServer.create(new LiveEngine(run.engine()), new ServerOptions(ServerOptions.DEFAULT_MAX_BODY,
                null, null, null, null, FixtureRun.CLOCK)));
    }

    @AfterAll
    void stop() {
        http.close();
    }

    @Test
    void aBrowserGetsTheHandoutTheEngineGives() throws Exception {
        String intake = HttpFixture.JSON.writeValueAsString(TestIntakes.allClear().id("web-1").redFlag("fever", "yes").build());
        HttpResponse<String> response = http.post("/v1/assessments", "application/json", intake, "Accept", BROWSER);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/html", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").toLowerCase().contains("charset=utf-8"));
        Assessment assessment = run.engine().assess(TestIntakes.allClear().id("web-1").redFlag("fever", "yes").build());
        assertEquals(run.pages().handoutPage(Handout.of(assessment, run.engine().ruleBase().vocabulary(), FixtureRun.DAY)),
                response.body());
        Document page = Jsoup.parse(response.body());
        assertEquals(run.engine().ruleBase().vocabulary().advice("urgent"), page.selectFirst("h1").text());
        assertEquals(FixtureRun.DAY.toString(), page.selectFirst("header.page-header time").attr("datetime"), "dated by the server's clock");
        assertTrue(page.selectFirst("header.page-header").text().contains(run.engine().ruleBase().vocabulary().clinic().name()));
    }

    @Test
    void jsonStaysTheAnswerUnlessHtmlIsPreferred() throws Exception {
        String intake = HttpFixture.JSON.writeValueAsString(TestIntakes.allClear().id("web-2").build());
        for (List<String> headers : List.of(List.<String>of(), List.of("Accept", "application/json"), List.of("Accept", "*/*"),
                List.of("Accept", "text/html;q=0.5, application/json"))) {
            HttpResponse<String> response = http.post("/v1/assessments", "application/json", intake, headers.toArray(String[]::new));
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0], headers.toString());
            JsonNode body = HttpFixture.tree(response);
            assertEquals("web-2", body.get("intakeId").asText());
        }
    }

    @Test
    void anInvalidIntakeIsStillAProblemAndAnIdIsEscaped() throws Exception {
        HttpResponse<String> invalid = http.post("/v1/assessments", "application/json", "{\"id\":\"x\",\"age\":400}", "Accept", BROWSER);
        assertEquals(422, invalid.statusCode());
        assertEquals(Problem.MEDIA_TYPE, invalid.headers().firstValue("Content-Type").orElse("").split(";")[0]);

        String hostile = "<script>alert(1)</script>";
        String intake = HttpFixture.JSON.writeValueAsString(TestIntakes.allClear().id(hostile).build());
        HttpResponse<String> response = http.post("/v1/assessments", "application/json", intake, "Accept", "text/html");
        assertEquals(200, response.statusCode());
        assertFalse(response.body().contains(hostile));
        Document page = Jsoup.parse(response.body());
        assertTrue(page.select("script").isEmpty());
        assertEquals(hostile, page.selectFirst("footer.clinician .record-id").text());
    }

    @Test
    void acceptHeadersAreWeighed() {
        assertTrue(HandoutNegotiation.wantsHtml(BROWSER));
        assertTrue(HandoutNegotiation.wantsHtml("text/html"));
        assertTrue(HandoutNegotiation.wantsHtml("application/json;q=0.5, text/html"));
        assertFalse(HandoutNegotiation.wantsHtml(null));
        assertFalse(HandoutNegotiation.wantsHtml(""));
        assertFalse(HandoutNegotiation.wantsHtml("*/*"));
        assertFalse(HandoutNegotiation.wantsHtml("application/json, text/html"));
        assertFalse(HandoutNegotiation.wantsHtml("text/html;q=0"));
        assertFalse(HandoutNegotiation.wantsHtml("text/html;q=oops"));
    }
}
