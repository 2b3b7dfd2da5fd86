// lab_guide.h: the lab guide's state and checks: its steps (each done from the lab's real state, latched with the
// simulated time it was first seen), the student's answers and UI activities, and the buffering experiment.
// Served as Lab actions (GetLabProgress, RecordLabActivity, SubmitLabAnswer, RunBufferingExperiment,
// RestoreLabProgress: an LMS resume point's done steps and answers merged back in).
// Plain C++: reads the lab only through Lab::Call and the Lab's typed accessors; no UI, no platform.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/api_error.h"
#include "core/json.h"
#include "core/sim_time.h"

namespace fhl {

class Lab;
struct DeliveryStream;

class LabGuide {
 public:
  // Step ids, in the guide's order (stable: tests and LMS use them).
  static constexpr const char* kStepIds[] = {
      "deploy-stack",   "spot-buffering", "open-stream",   "send-demo-data",       "watch-incoming", "objects-delivered",
      "browse-bucket",  "athena-query",   "answer-ticker", "buffering-experiment", "athena-reminds"};
  static constexpr size_t kStepCount = sizeof(kStepIds) / sizeof(kStepIds[0]);
  // Activities the dashboard records.
  static constexpr const char* kActivities[] = {"OpenedDeliveryStream", "ViewedIncomingRecords", "OpenedObject",
                                                "BrowsedBucket"};
  static constexpr size_t kMaxFreeTextChars = 10000;

  explicit LabGuide(Lab& lab);

  // True for the Lab actions the guide answers.
  static bool Handles(std::string_view action);
  Response Call(std::string_view action, const Json& request);

  // Persistence: activities, answers, completion times and the last experiment. LoadState is all-or-nothing.
  Json SaveState() const;
  Status LoadState(const Json& state);

  // Increments whenever the guide's own state changes (a step latched, an answer stored, an activity recorded).
  uint64_t generation() const { return generation_; }

 private:
  struct LabStream {
    const DeliveryStream* stream = nullptr;
    std::string stack_name, stack_status;  // the stack holding it (empty when found without CloudFormation)
  };

  Response GetProgress();
  Response RecordActivity(const Json& request);
  Response SubmitAnswer(const Json& request);
  Response RunExperiment(const Json& request);
  Response RestoreProgress(const Json& request);

  // Latches every step whose condition holds now; returns the per-step hints for the current state.
  std::map<std::string, std::string> Evaluate(LabStream* lab_stream);
  LabStream FindLabStream(std::string* deploy_hint);
  bool HasIncomingRecords(const DeliveryStream& stream) const;
  bool HasDeliveredObjects(const DeliveryStream& stream) const;
  std::optional<TimeUs> LatestLabQueryTime(const DeliveryStream* stream, bool* found) const;
  void Latch(const std::string& step);
  bool IsDone(const std::string& step) const { return completed_.count(step) > 0; }

  Response CheckBuffering(const Json& answer, Json& stored);
  Response CheckTicker(const std::string& answer, Json& stored);

  Lab& lab_;
  std::map<std::string, TimeUs> activities_;  // first time each activity was recorded
  std::map<std::string, TimeUs> completed_;   // step id -> latched at
  Json answers_ = Json::object();             // question id -> {Answer, Correct?, Feedback?, SubmittedAt}
  Json last_experiment_;                      // null until run
  uint64_t generation_ = 0;
};

}  // namespace fhl
