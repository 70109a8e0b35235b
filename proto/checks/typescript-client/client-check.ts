// What integrators do with a TypeScript client generated from the gateway's OpenAPI document (openapi-generator,
// typescript-fetch): create a customer, read it with its ETag, update it with If-Match, list customers, open a
// complaint, read the scores. bin/contract-checks openapi-client generates ./generated from the document the
// packaged gateway serves and compiles this file against it with tsc (strict): an operation, parameter, field
// or enum value that a change of the contracts or of the document generator renames or removes fails the check.
import {
  ComplaintServiceApi,
  Configuration,
  CustomerServiceApi,
  ExceedCommonV1ContactChannel,
  ExceedFeedbackV1ComplaintChannel,
  ExceedFeedbackV1Granularity,
  ExceedFeedbackV1Severity,
  FeedbackAnalyticsServiceApi,
  type ExceedCustomerV1Customer,
  type ExceedFeedbackV1Complaint,
  type ExceedFeedbackV1GetScoresResponse,
} from "./generated/index";

export interface Story {
  created: ExceedCustomerV1Customer;
  updated: ExceedCustomerV1Customer;
  listed: ExceedCustomerV1Customer[];
  complaint: ExceedFeedbackV1Complaint;
  scores: ExceedFeedbackV1GetScoresResponse;
}

export async function story(basePath: string, apiKey: string): Promise<Story> {
  const config = new Configuration({ basePath, accessToken: async () => apiKey });
  const customers = new CustomerServiceApi(config);
  const complaints = new ComplaintServiceApi(config);
  const analytics = new FeedbackAnalyticsServiceApi(config);

  const created = await customers.customerServiceCreateCustomer({
    exceedCustomerV1Customer: {
      displayName: "Åsa Öberg",
      emails: ["asa@example.se"],
      language: "sv",
      timeZone: "Europe/Stockholm",
      contactPreferences: { allowedChannels: [ExceedCommonV1ContactChannel.ContactChannelEmail] },
    },
    requestId: "4f1c7f0e-3b7a-4c55-9c1e-2f0d5b7d9a10",
  });
  const id: string = created.id ?? "";

  // The raw response carries the ETag that If-Match sends back.
  const read = await customers.customerServiceGetCustomerRaw({ customerId: id });
  const etag: string = read.raw.headers.get("etag") ?? "";
  const current: ExceedCustomerV1Customer = await read.value();

  const updated = await customers.customerServiceUpdateCustomer({
    customerId: id,
    updateMask: "display_name",
    exceedCustomerV1Customer: { displayName: `${current.displayName} Lind` },
    ifMatch: etag,
  });

  const page = await customers.customerServiceListCustomers({ pageSize: 25 });
  const listed: ExceedCustomerV1Customer[] = page.customers ?? [];
  const next: string | undefined = page.nextPageToken;
  if (next) {
    await customers.customerServiceListCustomers({ pageSize: 25, pageToken: next });
  }

  const complaint = await complaints.complaintServiceCreateComplaint({
    exceedFeedbackV1Complaint: {
      customerId: id,
      channel: ExceedFeedbackV1ComplaintChannel.ComplaintChannelEmail,
      category: "late delivery",
      severity: ExceedFeedbackV1Severity.SeverityHigh,
      text: "The parcel came a week late.",
    },
  });

  const end = new Date();
  const scores = await analytics.feedbackAnalyticsServiceGetScores({
    filterStartTime: new Date(end.getTime() - 90 * 24 * 3600 * 1000),
    filterEndTime: end,
    granularity: ExceedFeedbackV1Granularity.GranularityWeek,
  });
  const nps: number | undefined = scores.total?.nps?.score;
  void nps;

  return { created, updated, listed, complaint, scores };
}
