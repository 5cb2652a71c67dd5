package org.backtriage.http;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.RequiredParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real FHIR server on loopback for the tests: HAPI's plain server framework (RestfulServer) with
 * in-memory resource providers, on the Jetty that Javalin brings. It answers only requests that carry
 * {@code Authorization: Bearer <token>} and records every Authorization header it receives.
 */
final class LoopbackFhirServer implements AutoCloseable {
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> searches = new CopyOnWriteArrayList<>();
    final Map<String, QuestionnaireResponse> forms = new ConcurrentHashMap<>();
    final Map<String, Patient> patients = new ConcurrentHashMap<>();
    private final String token;
    private final Server jetty;

    LoopbackFhirServer(FhirContext context, String token) throws Exception {
        this.token = token;
        RestfulServer restful = new RestfulServer(context);
        restful.setResourceProviders(new Forms(), new Patients());
        restful.registerInterceptor(new BearerOnly());
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler();
        handler.setContextPath("/");
        handler.addServlet(new ServletHolder(restful), "/fhir/*");
        jetty.setHandler(handler);
        jetty.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/fhir";
    }

    void add(IBaseResource resource) {
        if (resource instanceof QuestionnaireResponse form) {
            forms.put(form.getIdElement().getIdPart(), form);
        } else if (resource instanceof Patient patient) {
            patients.put(patient.getIdElement().getIdPart(), patient);
        }
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }

    @Interceptor
    public final class BearerOnly {
        @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
        public void requireToken(RequestDetails request) {
            String header = request.getHeader("Authorization");
            authorizations.add(String.valueOf(header));
            if (!("Bearer " + token).equals(header)) {
                throw new AuthenticationException("a bearer token is required");
            }
        }
    }

    /** QuestionnaireResponse?subject=&questionnaire=&status=&_sort=&_count= over the forms held. */
    public final class Forms implements IResourceProvider {
        @Override
        public Class<QuestionnaireResponse> getResourceType() {
            return QuestionnaireResponse.class;
        }

        @Search
        public List<QuestionnaireResponse> search(@RequiredParam(name = QuestionnaireResponse.SP_SUBJECT) ReferenceParam subject,
                                                  @OptionalParam(name = QuestionnaireResponse.SP_QUESTIONNAIRE) ReferenceParam questionnaire,
                                                  @OptionalParam(name = QuestionnaireResponse.SP_STATUS) TokenParam status,
                                                  @Sort SortSpec sort, @Count Integer count) {
            searches.add("subject=" + subject.getValue() + " questionnaire=" + (questionnaire == null ? null : questionnaire.getValue())
                    + " status=" + (status == null ? null : status.getValue()) + " sort=" + (sort == null ? null : sort.getOrder() + " " + sort.getParamName())
                    + " count=" + count);
            // no sorting here: the service must find the newest form itself, by instant
            return forms.values().stream()
                    .filter(f -> new IdType(f.getSubject().getReference()).getIdPart().equals(new IdType(subject.getValue()).getIdPart()))
                    .filter(f -> questionnaire == null || questionnaire.getValue().equals(f.getQuestionnaire()))
                    .filter(f -> status == null || status.getValue().equals(f.getStatus().toCode()))
                    .sorted((a, b) -> a.getIdElement().getIdPart().compareTo(b.getIdElement().getIdPart()))
                    .toList();
        }
    }

    public final class Patients implements IResourceProvider {
        @Override
        public Class<Patient> getResourceType() {
            return Patient.class;
        }

        @Read
        public Patient read(@IdParam IdType id) {
            Patient patient = patients.get(id.getIdPart());
            if (patient == null) {
                throw new ResourceNotFoundException(id);
            }
            return patient;
        }
    }
}
