// lab_guide.cpp: the lab guide's steps, checks, answers and experiment, served as "Lab" actions.
// Steps latch: once a condition was seen true it stays done (a reset lab starts with a fresh guide).
#include "core/lab_guide.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/athena_service.h"
#include "core/buffering_experiment.h"
#include "core/demo_producer.h"
#include "core/firehose_service.h"
#include "core/glue_catalog.h"
#include "core/lab.h"
#include "core/metrics_store.h"
#include "core/object_store.h"
#include "core/request_fields.h"
#include "core/ticker_improvement.h"

namespace fhl {
namespace {

// [SECTION] texts

struct StepText {
  const char* id;
  const char* title;
};

constexpr StepText kSteps[] = {
    {"deploy-stack", "Deploy the lab's CloudFormation stack"},
    {"spot-buffering", "Spot the buffering hints in the template"},
    {"open-stream", "Open the delivery stream"},
    {"send-demo-data", "Send demo data"},
    {"watch-incoming", "Watch incoming records on the Monitoring chart"},
    {"objects-delivered", "See the first objects delivered to S3"},
    {"browse-bucket", "Browse the bucket and open an object"},
    {"athena-query", "Query the delivered data with Athena"},
    {"answer-ticker", "Which ticker improved the most?"},
    {"buffering-experiment", "Compare other buffering hints"},
    {"athena-reminds", "What does Athena remind you of?"},
};
static_assert(sizeof(kSteps) / sizeof(kSteps[0]) == LabGuide::kStepCount, "one text per step");

constexpr const char* kQuestions[] = {"spot-buffering", "answer-ticker", "athena-reminds"};

ApiError Invalid(std::string message) { return ApiError{"InvalidArgumentException", std::move(message), 400}; }

bool IsKnown(const char* const* list, size_t n, std::string_view name) {
  for (size_t i = 0; i < n; ++i) {
    if (name == list[i]) return true;
  }
  return false;
}

std::string JoinList(const char* const* list, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? ", " : "") + std::string(list[i]);
  return out;
}

std::string Trim(std::string_view s) {
  auto strip = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' || c == '\''; };
  size_t a = 0, b = s.size();
  while (a < b && strip(s[a])) ++a;
  while (b > a && strip(s[b - 1])) --b;
  return std::string(s.substr(a, b - a));
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Signed cents as "+12.34" / "-0.05".
std::string SignedCents(int64_t cents) {
  char buf[32];
  const int64_t mag = cents < 0 ? -cents : cents;
  std::snprintf(buf, sizeof(buf), "%s%lld.%02lld", cents < 0 ? "-" : "+", static_cast<long long>(mag / 100),
                static_cast<long long>(mag % 100));
  return buf;
}

std::string Price(double price) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", price);
  return buf;
}

// The static part of a Firehose prefix (before any !{...} expression): every delivered key starts with it.
std::string StaticPrefix(const std::string& prefix) {
  const size_t expr = prefix.find("!{");
  return expr == std::string::npos ? prefix : prefix.substr(0, expr);
}

// A whole-identifier occurrence of `name` (lower-case) in lower-cased SQL text.
bool MentionsIdentifier(const std::string& sql_lower, const std::string& name) {
  auto ident = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t at = sql_lower.find(name); at != std::string::npos; at = sql_lower.find(name, at + 1)) {
    const bool before = at == 0 || !ident(sql_lower[at - 1]);
    const size_t end = at + name.size();
    const bool after = end >= sql_lower.size() || !ident(sql_lower[end]);
    if (before && after) return true;
  }
  return false;
}

// A number given as a JSON number or numeric text ("60", " 1 ").
std::optional<double> NumberOf(const Json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string t = Trim(v.get<std::string>());
  if (t.empty() || t.size() > 20) return std::nullopt;
  char* end = nullptr;
  const double d = std::strtod(t.c_str(), &end);
  if (end != t.c_str() + t.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

bool TimeMapFromJson(const Json& j, const char* const* names, size_t n, std::map<std::string, TimeUs>& out) {
  if (!j.is_object()) return false;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!IsKnown(names, n, it.key()) || !it.value().is_number_integer()) return false;
    out[it.key()] = it.value().get<int64_t>();
  }
  return true;
}

}  // namespace

LabGuide::LabGuide(Lab& lab) : lab_(lab) {}

bool LabGuide::Handles(std::string_view action) {
  return action == "GetLabProgress" || action == "RecordLabActivity" || action == "SubmitLabAnswer" ||
         action == "RunBufferingExperiment" || action == "RestoreLabProgress";
}

Response LabGuide::Call(std::string_view action, const Json& request) {
  if (action == "GetLabProgress") return GetProgress();
  if (action == "RecordLabActivity") return RecordActivity(request);
  if (action == "SubmitLabAnswer") return SubmitAnswer(request);
  if (action == "RunBufferingExperiment") return RunExperiment(request);
  if (action == "RestoreLabProgress") return RestoreProgress(request);
  return UnknownOperation("Lab", action);
}

void LabGuide::Latch(const std::string& step) {
  if (completed_.emplace(step, lab_.now()).second) ++generation_;
}

// [SECTION] reading the lab's state

// The lab's stream: the delivery stream of a complete stack; without one, the stream the lab started with, or
// the first stream there is (so the later steps still work for a stream made by hand).
LabGuide::LabStream LabGuide::FindLabStream(std::string* deploy_hint) {
  LabStream found;
  std::string hint =
      "Open CloudFormation, choose Create stack, upload the lab's template (firehose-lab.template.json), name the "
      "stack firehose-lab and acknowledge that it creates IAM resources with custom names. Then let the clock run "
      "until the stack shows CREATE_COMPLETE.";
  Response stacks = lab_.Call("CloudFormation", "DescribeStacks", Json::object());
  if (stacks.ok() && stacks.body.contains("Stacks") && stacks.body["Stacks"].is_array()) {
    for (const Json& s : stacks.body["Stacks"]) {
      if (!s.is_object() || !s.contains("StackName") || !s["StackName"].is_string()) continue;
      const std::string name = s["StackName"].get<std::string>();
      const std::string status = s.contains("StackStatus") && s["StackStatus"].is_string()
                                     ? s["StackStatus"].get<std::string>()
                                     : std::string();
      if (status == "CREATE_COMPLETE" || status == "UPDATE_COMPLETE") {
        Response res = lab_.Call("CloudFormation", "DescribeStackResources", Json{{"StackName", name}});
        if (!res.ok() || !res.body.contains("StackResources") || !res.body["StackResources"].is_array()) continue;
        for (const Json& r : res.body["StackResources"]) {
          if (!r.is_object() || !r.contains("ResourceType") || r["ResourceType"] != "AWS::KinesisFirehose::DeliveryStream") {
            continue;
          }
          if (!r.contains("PhysicalResourceId") || !r["PhysicalResourceId"].is_string()) continue;
          if (const DeliveryStream* st = lab_.firehose().Find(r["PhysicalResourceId"].get<std::string>())) {
            found = LabStream{st, name, status};
            if (deploy_hint) {
              *deploy_hint = "Stack " + name + " is " + status + " and created the delivery stream " + st->name + ".";
            }
            return found;
          }
        }
        hint = "Stack " + name + " is " + status +
               " but holds no Firehose delivery stream. Deploy the lab's template, which defines one.";
      } else if (status.find("IN_PROGRESS") != std::string::npos) {
        hint = "Stack " + name + " is " + status +
               ": its resources are created one after another. Let the clock run and watch its Events tab.";
      } else if (status.find("FAILED") != std::string::npos || status.find("ROLLBACK") != std::string::npos) {
        hint = "Stack " + name + " ended in " + status +
               ". Its Events tab shows the first CREATE_FAILED reason; fix it, delete the stack and create it again.";
      }
    }
  }
  if (deploy_hint) *deploy_hint = hint;
  if (!lab_.lab_stream_name().empty()) {
    if (const DeliveryStream* st = lab_.firehose().Find(lab_.lab_stream_name())) {
      found.stream = st;
      return found;
    }
  }
  auto all = lab_.firehose().List();
  if (!all.empty()) found.stream = all.front();
  return found;
}

bool LabGuide::HasIncomingRecords(const DeliveryStream& stream) const {
  const MetricId id{"AWS/Firehose", "IncomingRecords", {{"DeliveryStreamName", stream.name}}};
  return lab_.metrics().LatestSampleTime(id) != INT64_MIN;
}

bool LabGuide::HasDeliveredObjects(const DeliveryStream& stream) const {
  const Bucket* bucket = lab_.s3().FindBucket(stream.destination.bucket_name());
  if (!bucket) return false;
  const std::string prefix = StaticPrefix(stream.destination.prefix);
  auto it = bucket->objects.lower_bound(prefix);
  return it != bucket->objects.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

// The submission time of the newest SUCCEEDED DML query that reads a lab table: a Glue table whose location is the
// stream's bucket and prefix (or, without a stream, a table named stock_ticks).
std::optional<TimeUs> LabGuide::LatestLabQueryTime(const DeliveryStream* stream, bool* found) const {
  std::vector<std::string> tables;
  std::string location;
  if (stream) location = "s3://" + stream->destination.bucket_name() + "/" + StaticPrefix(stream->destination.prefix);
  GlueCatalog& glue = lab_.glue();
  for (const GlueDatabase* db : glue.ListDatabases()) {
    for (const GlueTable* t : glue.ListTables(db->name)) {
      const bool matches = stream ? (t->location.rfind("s3://" + stream->destination.bucket_name() + "/", 0) == 0 &&
                                     (location.rfind(t->location, 0) == 0 || t->location.rfind(location, 0) == 0))
                                  : t->name == "stock_ticks";
      if (matches) tables.push_back(Lower(t->name));
    }
  }
  if (found) *found = false;
  std::optional<TimeUs> latest;
  if (tables.empty()) return latest;
  AthenaService& athena = lab_.athena();
  for (const WorkGroup* wg : athena.ListWorkGroups()) {
    for (const QueryExecution* e : athena.ListExecutions(wg->name)) {
      if (e->state != QueryState::kSucceeded || e->statement_type != "DML") continue;
      if (latest && e->submission_time <= *latest) continue;
      const std::string sql = Lower(e->query);
      for (const std::string& table : tables) {
        if (MentionsIdentifier(sql, table)) {
          latest = e->submission_time;
          break;
        }
      }
    }
  }
  if (found) *found = latest.has_value();
  return latest;
}

// [SECTION] the steps

std::map<std::string, std::string> LabGuide::Evaluate(LabStream* lab_stream) {
  std::map<std::string, std::string> hints;
  std::string deploy_hint;
  const LabStream ls = FindLabStream(&deploy_hint);
  if (lab_stream) *lab_stream = ls;
  const DeliveryStream* stream = ls.stream;
  const std::string stream_name = stream ? stream->name : std::string("the lab's stream");
  const char* need_stream = "Deploy the stack first: this step needs the lab's delivery stream.";

  if (!ls.stack_name.empty()) Latch("deploy-stack");
  hints["deploy-stack"] = deploy_hint;

  hints["spot-buffering"] =
      "Open the template (CloudFormation, the stack's Template tab, or firehose-lab.template.json) and find the "
      "delivery stream's ExtendedS3DestinationConfiguration. Its BufferingHints hold IntervalInSeconds and SizeInMBs: "
      "enter both numbers.";

  if (activities_.count("OpenedDeliveryStream")) Latch("open-stream");
  hints["open-stream"] = stream ? "In the dashboard, choose Amazon Data Firehose and click " + stream_name + "."
                                : std::string(need_stream);

  if (stream && stream->received_data) Latch("send-demo-data");
  hints["send-demo-data"] = stream ? "In " + stream_name +
                                         ", open the Test with demo data tab and choose Start sending demo data."
                                   : std::string(need_stream);

  const bool incoming = stream && HasIncomingRecords(*stream);
  if (incoming && activities_.count("ViewedIncomingRecords")) Latch("watch-incoming");
  hints["watch-incoming"] =
      !stream ? std::string(need_stream)
      : !incoming
          ? "No records have arrived yet: send demo data first. Firehose publishes its metrics about once a minute."
          : "Open the stream's Monitoring tab and look at Incoming records (per second) until the line appears.";

  if (stream && HasDeliveredObjects(*stream)) Latch("objects-delivered");
  hints["objects-delivered"] =
      !stream ? std::string(need_stream)
              : "Firehose writes an object when a buffering hint is reached: with 60 seconds that is a minute of lab "
                "time after the first record. Let the clock run (or speed it up) and look under " +
                    StaticPrefix(stream->destination.prefix) + " in " + stream->destination.bucket_name() + ".";

  if (activities_.count("OpenedObject") || activities_.count("BrowsedBucket")) Latch("browse-bucket");
  hints["browse-bucket"] = !stream ? std::string(need_stream)
                                   : "Open Amazon S3, then " + stream->destination.bucket_name() +
                                         ", and follow the folders (year/month/day/hour) down to an object. Open it "
                                         "and look at the records inside.";

  if (!IsDone("athena-query")) {
    bool ran = false;
    LatestLabQueryTime(stream, &ran);
    if (ran) Latch("athena-query");
  }
  hints["athena-query"] =
      "In Athena, choose the lab's database and run a query that reads the stock table, for example "
      "SELECT * FROM stock_ticks LIMIT 10. Any query that succeeds and reads the table counts.";

  hints["answer-ticker"] =
      "Write a query that ranks the tickers by how much they gained, either by adding up change or by comparing "
      "each ticker's last and first price, and enter the ticker at the top.";
  hints["buffering-experiment"] =
      "Run the experiment with the lab's hints and at least one other pair, then compare objects per hour, object "
      "size and how long records wait before they land in S3.";
  hints["athena-reminds"] =
      "In a sentence or two: which tool or language does querying files in S3 with Athena remind you of, and why?";
  return hints;
}

Response LabGuide::GetProgress() {
  LabStream ls;
  std::map<std::string, std::string> hints = Evaluate(&ls);
  Json steps = Json::array();
  size_t done = 0;
  for (const StepText& s : kSteps) {
    Json step = {{"Id", s.id}, {"Title", s.title}, {"Done", IsDone(s.id)}, {"Hint", hints[s.id]}};
    if (auto it = completed_.find(s.id); it != completed_.end()) {
      step["CompletedAt"] = ToEpochSeconds(it->second);
      ++done;
    }
    steps.push_back(std::move(step));
  }
  Json activities = Json::object();
  for (const auto& [name, t] : activities_) activities[name] = ToEpochSeconds(t);
  const double score = std::round(static_cast<double>(done) * 1000.0 / kStepCount) / 1000.0;
  Json out = {{"Steps", std::move(steps)}, {"Answers", answers_},     {"Activities", std::move(activities)},
              {"Completed", done},         {"Total", kStepCount},     {"Score", score},
              {"Now", ToEpochSeconds(lab_.now())}};
  if (ls.stream) {
    Json s = {{"DeliveryStreamName", ls.stream->name},
              {"BucketName", ls.stream->destination.bucket_name()},
              {"Prefix", ls.stream->destination.prefix},
              {"BufferingHints",
               {{"IntervalInSeconds", ls.stream->destination.buffering_hints.interval_s},
                {"SizeInMBs", ls.stream->destination.buffering_hints.size_in_mbs}}}};
    if (!ls.stack_name.empty()) s["StackName"] = ls.stack_name;
    out["LabStream"] = std::move(s);
  }
  if (!last_experiment_.is_null()) out["LastExperiment"] = last_experiment_;
  return Response::Ok(std::move(out));
}

// [SECTION] activities

Response LabGuide::RecordActivity(const Json& request) {
  RequestFields f(request);
  auto activity = f.String("Activity");
  if (!f.ok()) return FailWith(f.error());
  constexpr size_t n = sizeof(kActivities) / sizeof(kActivities[0]);
  if (!activity || !IsKnown(kActivities, n, *activity)) {
    return FailWith(Invalid("Activity must be one of: " + JoinList(kActivities, n) + "."));
  }
  auto [it, added] = activities_.emplace(*activity, lab_.now());
  if (added) {
    ++generation_;
    Evaluate(nullptr);  // latch now: the state the student saw may change before the guide looks again
  }
  return Response::Ok({{"Activity", *activity}, {"FirstRecordedAt", ToEpochSeconds(it->second)}});
}

// [SECTION] answers

Response LabGuide::CheckBuffering(const Json& answer, Json& stored) {
  if (!answer.is_object()) {
    return FailWith(Invalid("Answer for spot-buffering must be an object {IntervalInSeconds, SizeInMBs}."));
  }
  const std::optional<double> interval_given =
      answer.contains("IntervalInSeconds") ? NumberOf(answer["IntervalInSeconds"]) : std::nullopt;
  const std::optional<double> size_given = answer.contains("SizeInMBs") ? NumberOf(answer["SizeInMBs"]) : std::nullopt;
  if (!interval_given || !size_given) {
    return FailWith(Invalid("Answer for spot-buffering needs IntervalInSeconds and SizeInMBs as numbers."));
  }
  const double interval_s = interval_given.value_or(0), size_mb = size_given.value_or(0);
  stored["Answer"] = {{"IntervalInSeconds", interval_s}, {"SizeInMBs", size_mb}};
  const LabStream ls = FindLabStream(nullptr);
  if (!ls.stream) {
    return Response::Ok({{"Correct", false},
                         {"Feedback",
                          "There is no delivery stream to compare with yet. Deploy the stack, then check again."}});
  }
  Response r = lab_.Call("Firehose", "DescribeDeliveryStream", Json{{"DeliveryStreamName", ls.stream->name}});
  int real_interval = ls.stream->destination.buffering_hints.interval_s;
  int real_size = ls.stream->destination.buffering_hints.size_in_mbs;
  if (r.ok()) {  // the stream's hints as the API reports them
    const Json& d = r.body["DeliveryStreamDescription"]["Destinations"];
    if (d.is_array() && !d.empty() && d[0].contains("ExtendedS3DestinationDescription")) {
      const Json& h = d[0]["ExtendedS3DestinationDescription"]["BufferingHints"];
      if (h.is_object() && h.contains("IntervalInSeconds") && h["IntervalInSeconds"].is_number_integer()) {
        real_interval = h["IntervalInSeconds"].get<int>();
      }
      if (h.is_object() && h.contains("SizeInMBs") && h["SizeInMBs"].is_number_integer()) {
        real_size = h["SizeInMBs"].get<int>();
      }
    }
  }
  const bool interval_ok = interval_s == real_interval, size_ok = size_mb == real_size;
  std::string feedback;
  if (interval_ok && size_ok) {
    feedback = "Right: " + ls.stream->name + " delivers when " + std::to_string(real_interval) +
               " seconds have passed or " + std::to_string(real_size) +
               " MB (MiB) have been buffered, whichever comes first.";
  } else if (interval_ok) {
    feedback = "The interval is right, but the size is not: look again at SizeInMBs in BufferingHints.";
  } else if (size_ok) {
    feedback = "The size is right, but the interval is not: look again at IntervalInSeconds in BufferingHints.";
  } else {
    feedback = "Not quite: both numbers differ from the stream's BufferingHints. Look for IntervalInSeconds and "
               "SizeInMBs in the delivery stream's destination configuration.";
  }
  return Response::Ok({{"Correct", interval_ok && size_ok}, {"Feedback", feedback}});
}

Response LabGuide::CheckTicker(const std::string& answer, Json& stored) {
  const std::string ticker = Upper(Trim(answer));
  if (ticker.empty()) return FailWith(Invalid("Answer must not be empty: enter a ticker symbol."));
  stored["Answer"] = ticker;
  const LabStream ls = FindLabStream(nullptr);
  const Bucket* bucket = ls.stream ? lab_.s3().FindBucket(ls.stream->destination.bucket_name()) : nullptr;
  if (!bucket) {
    return Response::Ok({{"Correct", false},
                         {"Feedback", "There is no delivered data to check against yet. Deploy the stack, send demo "
                                      "data and wait for the first objects."}});
  }
  // Everything delivered so far, and what the student's latest lab query could have seen.
  const std::optional<TimeUs> cutoff = LatestLabQueryTime(ls.stream, nullptr);
  TickerImprovementScan all, seen;
  const std::string prefix = StaticPrefix(ls.stream->destination.prefix);
  for (auto it = bucket->objects.lower_bound(prefix);
       it != bucket->objects.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    if (!it->second.body) continue;
    all.AddObject(*it->second.body);
    if (cutoff && it->second.last_modified <= *cutoff) seen.AddObject(*it->second.body);
  }
  if (all.records() == 0) {
    return Response::Ok({{"Correct", false},
                         {"Feedback", "No stock records have been delivered yet: send demo data and wait for the "
                                      "first objects to land."}});
  }
  auto contains = [&ticker](const std::vector<std::string>& v) {
    return std::find(v.begin(), v.end(), ticker) != v.end();
  };
  const bool by_sum = contains(all.BestBySumOfChange()) || (seen.records() && contains(seen.BestBySumOfChange()));
  const bool by_price =
      contains(all.BestByLastMinusFirst()) || (seen.records() && contains(seen.BestByLastMinusFirst()));
  auto count = [](uint64_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  const std::string scope = " (" + count(all.records(), "record") + " in " + count(all.objects(), "object") +
                            " delivered so far)";
  auto t = all.tickers().find(ticker);
  if (t == all.tickers().end()) {
    std::string symbols;
    for (const auto& [s, totals] : all.tickers()) symbols += (symbols.empty() ? "" : ", ") + s;
    return Response::Ok({{"Correct", false},
                         {"Feedback", ticker + " does not appear in the delivered data" + scope +
                                          ". The tickers there are: " + symbols + "."}});
  }
  const TickerTotals& x = t->second;
  const std::string sum_text = "sum(change) = " + SignedCents(x.change_sum_cents);
  const std::string price_text = "price from " + Price(x.first_price) + " to " + Price(x.last_price) + " (" +
                                 SignedCents(std::llround((x.last_price - x.first_price) * 100.0)) + ")";
  std::string feedback;
  if (by_sum && by_price) {
    feedback = "Correct: " + ticker + " improved the most by both definitions: the largest sum of changes (" +
               sum_text + ", definition A) and the largest last-minus-first price (" + price_text +
               ", definition B)" + scope + ".";
  } else if (by_sum) {
    feedback = "Correct by definition A, the largest sum of changes: " + ticker + " has " + sum_text + scope +
               ". Measured as last minus first price, another ticker comes out on top.";
  } else if (by_price) {
    feedback = "Correct by definition B, the largest last-minus-first price (records ordered by object key, then "
               "position): " + ticker + " went " + price_text + scope +
               ". Measured as the sum of changes, another ticker comes out on top.";
  } else {
    feedback = "Not quite: " + ticker + " has " + sum_text + " and went " + price_text +
               ". Another ticker improved more" + scope + ". Check your query's ORDER BY and aggregation.";
  }
  return Response::Ok({{"Correct", by_sum || by_price}, {"Feedback", feedback}});
}

Response LabGuide::SubmitAnswer(const Json& request) {
  RequestFields f(request);
  auto question = f.String("QuestionId");
  if (!f.ok()) return FailWith(f.error());
  constexpr size_t nq = sizeof(kQuestions) / sizeof(kQuestions[0]);
  if (!question || !IsKnown(kQuestions, nq, *question)) {
    return FailWith(Invalid("QuestionId must be one of: " + JoinList(kQuestions, nq) + "."));
  }
  if (!request.contains("Answer") || request["Answer"].is_null()) {
    return FailWith(Invalid("Answer is required."));
  }
  const Json& answer = request["Answer"];
  Json stored = Json::object();
  Response r;
  if (*question == "spot-buffering") {
    r = CheckBuffering(answer, stored);
  } else {
    if (!answer.is_string()) return FailWith(SerializationError("Answer", "String"));
    const std::string text = answer.get<std::string>();
    if (text.size() > kMaxFreeTextChars) {
      return FailWith(Invalid("Answer must be at most " + std::to_string(kMaxFreeTextChars) + " characters."));
    }
    if (*question == "answer-ticker") {
      r = CheckTicker(text, stored);
    } else {  // athena-reminds: free text, just kept
      const bool filled = !Trim(text).empty();
      stored["Answer"] = text;
      r = Response::Ok({{"Correct", filled},
                        {"Feedback", filled ? "Saved with your progress." : "Cleared: this step is open again."}});
    }
  }
  if (!r.ok()) return r;
  const bool correct = r.body["Correct"].is_boolean() && r.body["Correct"].get<bool>();
  stored["Correct"] = correct;
  stored["Feedback"] = r.body["Feedback"];
  stored["SubmittedAt"] = ToEpochSeconds(lab_.now());
  answers_[*question] = std::move(stored);
  ++generation_;
  if (*question == "athena-reminds") {
    if (correct) {
      Latch("athena-reminds");
    } else {
      completed_.erase("athena-reminds");  // the only step that can be undone: the student emptied the answer
    }
  } else if (correct) {
    Latch(*question);
  }
  return r;
}

// [SECTION] the experiment

Response LabGuide::RunExperiment(const Json& request) {
  RequestFields f(request);
  BufferingExperimentRequest req;
  const int64_t rate = f.Integer("RecordsPerSecond").value_or(DemoProducer::kDefaultRecordsPerSecond);
  const int64_t duration = f.Integer("DurationSeconds").value_or(3600);
  const int64_t seed = f.Integer("Seed").value_or(1);
  const Json* hints = f.Array("Hints");
  if (!f.ok()) return FailWith(f.error());
  req.records_per_second = static_cast<int>(std::clamp<int64_t>(rate, -1, 1000000));
  req.duration_s = static_cast<int>(std::clamp<int64_t>(duration, -1, 100000000));
  req.seed = static_cast<uint64_t>(seed);
  if (!hints) {
    // The lab's hints, AWS's defaults, the largest buffer and zero buffering. BufferingHints is {SizeInMBs, Interval}.
    req.hints = {BufferingHints{1, 60}, BufferingHints{5, 300}, BufferingHints{128, 900}, BufferingHints{1, 0}};
  } else {
    for (size_t i = 0; i < hints->size(); ++i) {
      const Json& h = (*hints)[i];
      if (!h.is_object()) return FailWith(SerializationError("Hints[" + std::to_string(i) + "]", "Structure"));
      RequestFields hf(h, "Hints[" + std::to_string(i) + "].");
      auto interval = hf.Integer("IntervalInSeconds");
      auto size = hf.Integer("SizeInMBs");
      if (!hf.ok()) return FailWith(hf.error());
      if (!interval || !size) {
        return FailWith(Invalid("Hints[" + std::to_string(i) + "] needs IntervalInSeconds and SizeInMBs."));
      }
      req.hints.push_back(BufferingHints{static_cast<int>(std::clamp<int64_t>(*size, -1, 100000)),
                                         static_cast<int>(std::clamp<int64_t>(*interval, -1, 100000))});
    }
  }
  auto result = RunBufferingExperiment(req);
  if (!result.ok()) return FailWith(result.error());
  const BufferingExperimentResult& res = result.value();
  Json results = Json::array();
  for (const BufferingExperimentVariant& v : res.variants) {
    results.push_back({{"IntervalInSeconds", v.hints.interval_s},
                       {"SizeInMBs", v.hints.size_in_mbs},
                       {"Objects", v.objects},
                       {"ObjectsPerHour", v.objects_per_hour},
                       {"MeanObjectSizeBytes", std::round(v.mean_object_size_bytes)},
                       {"MeanRecordsPerObject", std::round(v.mean_records_per_object * 10.0) / 10.0},
                       {"MeanFreshnessSeconds", std::round(v.mean_freshness_s * 10.0) / 10.0},
                       {"MaxFreshnessSeconds", v.max_freshness_s},
                       {"RecordsDelivered", v.records},
                       {"BytesDelivered", v.bytes},
                       {"FlushReasons", {{"Size", v.size_flushes}, {"Interval", v.interval_flushes}}}});
  }
  Json out = {{"RecordsPerSecond", req.records_per_second},
              {"DurationSeconds", req.duration_s},
              {"Seed", req.seed},
              {"RecordsSent", res.records_sent},
              {"BytesSent", res.bytes_sent},
              {"RanAt", ToEpochSeconds(lab_.now())},
              {"Results", std::move(results)}};
  last_experiment_ = out;
  ++generation_;
  Latch("buffering-experiment");
  return Response::Ok(std::move(out));
}

// [SECTION] restoring an LMS resume point

// RestoreLabProgress {Completed: [step ids], Answers: {question: {Answer, Correct}}}: what a learning management
// system kept of an earlier session (web/lms-scorm.js), merged into this lab. Listed steps latch now; an answer is
// stored for a question this lab has not answered yet (a question answered here keeps its answer). The answers
// are not checked again: the data they were checked against may not exist in this lab. Validated first, so a bad
// request changes nothing.
Response LabGuide::RestoreProgress(const Json& request) {
  RequestFields f(request);
  const Json* steps = f.Array("Completed");
  if (!f.ok()) return FailWith(f.error());
  std::vector<std::string> latch;
  if (steps) {
    for (size_t i = 0; i < steps->size(); ++i) {
      const Json& id = (*steps)[i];
      if (!id.is_string()) return FailWith(SerializationError("Completed[" + std::to_string(i) + "]", "String"));
      if (!IsKnown(kStepIds, kStepCount, id.get<std::string>())) {
        return FailWith(Invalid("Completed[" + std::to_string(i) + "] must be one of: " +
                                JoinList(kStepIds, kStepCount) + "."));
      }
      latch.push_back(id.get<std::string>());
    }
  }
  constexpr size_t nq = sizeof(kQuestions) / sizeof(kQuestions[0]);
  Json answers = Json::object();
  if (request.contains("Answers") && !request["Answers"].is_null()) {
    const Json& given = request["Answers"];
    if (!given.is_object()) return FailWith(SerializationError("Answers", "Map"));
    for (auto it = given.begin(); it != given.end(); ++it) {
      const std::string& q = it.key();
      const Json& a = it.value();
      if (!IsKnown(kQuestions, nq, q)) {
        return FailWith(Invalid("Answers keys must be among: " + JoinList(kQuestions, nq) + "."));
      }
      if (!a.is_object() || !a.contains("Answer")) {
        return FailWith(Invalid("Answers." + q + " must be an object {Answer, Correct}."));
      }
      if (a.contains("Correct") && !a["Correct"].is_boolean()) {
        return FailWith(SerializationError("Answers." + q + ".Correct", "Boolean"));
      }
      Json stored = Json::object();
      const Json& value = a["Answer"];
      if (q == "spot-buffering") {
        const bool numbers = value.is_object() && value.contains("IntervalInSeconds") && value.contains("SizeInMBs") &&
                             value["IntervalInSeconds"].is_number() && value["SizeInMBs"].is_number();
        if (!numbers) {
          return FailWith(Invalid("Answers.spot-buffering.Answer must be {IntervalInSeconds, SizeInMBs} numbers."));
        }
        stored["Answer"] = {{"IntervalInSeconds", value["IntervalInSeconds"].get<double>()},
                            {"SizeInMBs", value["SizeInMBs"].get<double>()}};
      } else {
        if (!value.is_string()) return FailWith(SerializationError("Answers." + q + ".Answer", "String"));
        if (value.get<std::string>().size() > kMaxFreeTextChars) {
          return FailWith(Invalid("Answers." + q + ".Answer must be at most " + std::to_string(kMaxFreeTextChars) +
                                  " characters."));
        }
        stored["Answer"] = value;
      }
      stored["Correct"] = a.contains("Correct") && a["Correct"].get<bool>();
      stored["Feedback"] = "Restored from your last session.";
      stored["SubmittedAt"] = ToEpochSeconds(lab_.now());
      stored["Restored"] = true;
      answers[q] = std::move(stored);
    }
  }
  // Valid: merge.
  const uint64_t before = generation_;
  size_t steps_restored = 0, answers_restored = 0;
  for (const std::string& id : latch) {
    if (!IsDone(id)) ++steps_restored;
    Latch(id);
  }
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    if (answers_.contains(it.key())) continue;
    answers_[it.key()] = it.value();
    ++answers_restored;
  }
  if (answers_restored && generation_ == before) ++generation_;
  return Response::Ok({{"StepsRestored", steps_restored}, {"AnswersRestored", answers_restored}});
}

// [SECTION] persistence

Json LabGuide::SaveState() const {
  Json activities = Json::object(), completed = Json::object();
  for (const auto& [name, t] : activities_) activities[name] = t;
  for (const auto& [id, t] : completed_) completed[id] = t;
  return {{"Version", 1},
          {"Activities", std::move(activities)},
          {"Completed", std::move(completed)},
          {"Answers", answers_},
          {"LastExperiment", last_experiment_}};
}

Status LabGuide::LoadState(const Json& state) {
  auto bad = [](const char* what) {
    return Status(ApiError{"InvalidArgumentException", std::string("Lab guide state: ") + what, 400});
  };
  if (!state.is_object()) return bad("not an object.");
  if (!state.contains("Version") || state["Version"] != 1) return bad("unknown version.");
  std::map<std::string, TimeUs> activities, completed;
  if (!state.contains("Activities") ||
      !TimeMapFromJson(state["Activities"], kActivities, sizeof(kActivities) / sizeof(kActivities[0]), activities)) {
    return bad("bad Activities.");
  }
  if (!state.contains("Completed") || !TimeMapFromJson(state["Completed"], kStepIds, kStepCount, completed)) {
    return bad("bad Completed.");
  }
  if (!state.contains("Answers") || !state["Answers"].is_object()) return bad("bad Answers.");
  for (auto it = state["Answers"].begin(); it != state["Answers"].end(); ++it) {
    if (!IsKnown(kQuestions, sizeof(kQuestions) / sizeof(kQuestions[0]), it.key()) || !it.value().is_object()) {
      return bad("bad Answers.");
    }
  }
  const Json experiment = state.contains("LastExperiment") ? state["LastExperiment"] : Json();
  if (!experiment.is_null() && !experiment.is_object()) return bad("bad LastExperiment.");
  activities_ = std::move(activities);
  completed_ = std::move(completed);
  answers_ = state["Answers"];
  last_experiment_ = experiment;
  ++generation_;
  return Status::Ok();
}

}  // namespace fhl
