package io.dtf.itests;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Two notification channels for the tests of the distribution: a real SMTP server (GreenMail, in this JVM) as the
 * e-mail channel {@value #MAIL}, and a WireMock Slack that answers as https://api.slack.com/methods/chat.postMessage
 * says ({@code ok}, {@code channel}, {@code ts}) as the Slack channel {@value #SLACK}.
 */
final class MailAndSlack implements AutoCloseable {
    static final String MAIL = "ops";
    static final String SLACK = "team";
    static final String SLACK_CHANNEL = "C0123456789";
    /** The {@code ts} of every message the fake Slack posts: the {@code thread_ts} of replies to it. */
    static final String MESSAGE_TS = "1765100000.000100";
    private static final ObjectMapper JSON = new ObjectMapper();

    final GreenMail smtp;
    final WireMockServer slack;
    private final String smtpPassword;
    private final String slackToken;

    MailAndSlack(String smtpPassword, String slackToken) throws IOException {
        this.smtpPassword = smtpPassword;
        this.slackToken = slackToken;
        smtp = new GreenMail(new ServerSetup(StockKaraf.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.setUser("dtf@example.org", "dtf", smtpPassword);
        smtp.start();
        slack = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        slack.start();
        slack.stubFor(post(urlEqualTo("/api/chat.postMessage")).willReturn(okJson("{\"ok\":true,\"channel\":\""
                + SLACK_CHANNEL + "\",\"ts\":\"" + MESSAGE_TS + "\",\"message\":{\"text\":\"x\"}}")));
    }

    /** Configures both channels in the distribution, as a user writes their files. */
    void configure(DistributionCopy karaf) throws IOException {
        String mail = "etc/io.dtf.connector.email-" + MAIL + ".cfg";
        karaf.setProperty(mail, "host", "127.0.0.1");
        karaf.setProperty(mail, "port", String.valueOf(smtp.getSmtp().getPort()));
        karaf.setProperty(mail, "security", "none");
        karaf.setProperty(mail, "username", "dtf");
        karaf.setProperty(mail, ".password", smtpPassword);
        karaf.setProperty(mail, "from", "dtf@example.org");
        karaf.setProperty(mail, "to", "qa@example.org");
        String chat = "etc/io.dtf.connector.slack-" + SLACK + ".cfg";
        karaf.setProperty(chat, "apiUrl", slack.baseUrl() + "/api");
        karaf.setProperty(chat, ".botToken", slackToken);
        karaf.setProperty(chat, "channel", SLACK_CHANNEL);
    }

    /** The bodies of the messages posted to Slack, oldest first. */
    List<JsonNode> slackMessages() {
        List<JsonNode> messages = new ArrayList<>();
        slack.getAllServeEvents().forEach(event -> {
            try {
                messages.add(0, JSON.readTree(event.getRequest().getBodyAsString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return messages;
    }

    @Override
    public void close() {
        slack.stop();
        smtp.stop();
    }
}
