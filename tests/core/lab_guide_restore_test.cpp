// lab_guide_restore_test.cpp: Lab RestoreLabProgress, the LMS resume action (web/lms-scorm.js): listed steps latch,
// answers are stored without being checked again and never replace an answer given in this lab, and a bad request
// (unknown step or question, wrong types, over-long text) changes nothing.
#include <gtest/gtest.h>

#include "core/lab_guide.h"
#include "test_util.h"

namespace fhl {
namespace {

using test::Err;
using test::Ok;

Json Progress(Lab& lab) { return Ok(lab, "Lab", "GetLabProgress", Json::object()); }

Json StepOf(const Json& progress, const std::string& id) {
  for (const Json& s : progress["Steps"]) {
    if (s["Id"] == id) return s;
  }
  ADD_FAILURE() << "no step " << id;
  return Json::object();
}

Json Restore(Lab& lab, const Json& request) { return Ok(lab, "Lab", "RestoreLabProgress", request); }

TEST(LabGuideRestoreTest, LatchesListedStepsAndStoresAnswersAsGiven) {
  Lab lab(test::EmptyLab());
  lab.Advance(90 * kUsPerSecond);
  const uint64_t g = lab.generation();
  Json r = Restore(lab, {{"Completed", {"deploy-stack", "spot-buffering", "answer-ticker", "athena-reminds"}},
                         {"Answers",
                          {{"spot-buffering", {{"Answer", {{"IntervalInSeconds", 60}, {"SizeInMBs", 1}}}, {"Correct", true}}},
                           {"answer-ticker", {{"Answer", "NGC"}, {"Correct", true}}},
                           {"athena-reminds", {{"Answer", "SQL over files"}}}}}});
  EXPECT_EQ(r["StepsRestored"], 4);
  EXPECT_EQ(r["AnswersRestored"], 3);
  EXPECT_GT(lab.generation(), g);

  const Json p = Progress(lab);
  EXPECT_EQ(p["Completed"], 4);
  // Nothing in this lab supports them (no stack, no data): restored steps stay done all the same.
  for (const char* id : {"deploy-stack", "spot-buffering", "answer-ticker", "athena-reminds"}) {
    const Json s = StepOf(p, id);
    EXPECT_EQ(s["Done"], true) << id;
    EXPECT_EQ(s["CompletedAt"], ToEpochSeconds(test::kStart) + 90) << id;
  }
  EXPECT_EQ(StepOf(p, "open-stream")["Done"], false);
  // The ticker is not checked against data (there is none here): it keeps Correct as given.
  const Json& a = p["Answers"];
  EXPECT_EQ(a["answer-ticker"]["Answer"], "NGC");
  EXPECT_EQ(a["answer-ticker"]["Correct"], true);
  EXPECT_EQ(a["answer-ticker"]["Restored"], true);
  EXPECT_EQ(a["answer-ticker"]["Feedback"], "Restored from your last session.");
  EXPECT_EQ(a["spot-buffering"]["Answer"]["IntervalInSeconds"], 60.0);
  EXPECT_EQ(a["spot-buffering"]["Answer"]["SizeInMBs"], 1.0);
  EXPECT_EQ(a["athena-reminds"]["Answer"], "SQL over files");
  EXPECT_EQ(a["athena-reminds"]["Correct"], false);  // Correct absent: false
}

TEST(LabGuideRestoreTest, KeepsWhatThisLabAlreadyHas) {
  Lab lab(test::EmptyLab());
  Ok(lab, "Lab", "SubmitLabAnswer", {{"QuestionId", "athena-reminds"}, {"Answer", "typed here"}});
  const double latched_at = StepOf(Progress(lab), "athena-reminds")["CompletedAt"].get<double>();
  lab.Advance(30 * kUsPerSecond);
  Json r = Restore(lab, {{"Completed", {"athena-reminds"}},
                         {"Answers", {{"athena-reminds", {{"Answer", "from the LMS"}, {"Correct", true}}}}}});
  EXPECT_EQ(r["StepsRestored"], 0);
  EXPECT_EQ(r["AnswersRestored"], 0);
  const Json p = Progress(lab);
  EXPECT_EQ(p["Answers"]["athena-reminds"]["Answer"], "typed here");
  EXPECT_FALSE(p["Answers"]["athena-reminds"].contains("Restored"));
  EXPECT_EQ(StepOf(p, "athena-reminds")["CompletedAt"], latched_at);  // the earlier time is kept
  // Restoring the same thing twice changes nothing the second time.
  Restore(lab, {{"Completed", {"deploy-stack"}}});
  const uint64_t g = lab.generation();
  EXPECT_EQ(Restore(lab, {{"Completed", {"deploy-stack"}}})["StepsRestored"], 0);
  EXPECT_EQ(lab.generation(), g);
  // An empty request is valid and restores nothing.
  EXPECT_EQ(Restore(lab, Json::object())["StepsRestored"], 0);
  EXPECT_EQ(lab.generation(), g);
}

TEST(LabGuideRestoreTest, RestoredStepsSurviveASnapshotOfTheGuide) {
  Lab lab(test::EmptyLab());
  Restore(lab, {{"Completed", {"browse-bucket"}}, {"Answers", {{"answer-ticker", {{"Answer", "QXZ"}, {"Correct", true}}}}}});
  Lab other(test::EmptyLab());
  ASSERT_TRUE(other.guide().LoadState(lab.guide().SaveState()).ok());
  const Json p = Progress(other);
  EXPECT_EQ(StepOf(p, "browse-bucket")["Done"], true);
  EXPECT_EQ(p["Answers"]["answer-ticker"]["Answer"], "QXZ");
}

TEST(LabGuideRestoreTest, BadRequestsChangeNothing) {
  Lab lab(test::EmptyLab());
  const uint64_t g = lab.generation();
  const Json good_answer = {{"Answer", "NGC"}, {"Correct", true}};
  struct Case {
    Json request;
    const char* code;
  };
  const Case cases[] = {
      {{{"Completed", {"deploy-stack", "no-such-step"}}}, "InvalidArgumentException"},
      {{{"Completed", {"deploy-stack", 3}}}, "SerializationException"},
      {{{"Completed", "deploy-stack"}}, "SerializationException"},
      {{{"Completed", {"deploy-stack"}}, {"Answers", {{"q9", good_answer}}}}, "InvalidArgumentException"},
      {{{"Completed", {"deploy-stack"}}, {"Answers", {1, 2}}}, "SerializationException"},
      {{{"Answers", {{"answer-ticker", "NGC"}}}}, "InvalidArgumentException"},
      {{{"Answers", {{"answer-ticker", {{"Correct", true}}}}}}, "InvalidArgumentException"},
      {{{"Answers", {{"answer-ticker", {{"Answer", 5}}}}}}, "SerializationException"},
      {{{"Answers", {{"answer-ticker", {{"Answer", "NGC"}, {"Correct", "yes"}}}}}}, "SerializationException"},
      {{{"Answers", {{"spot-buffering", {{"Answer", {{"IntervalInSeconds", "60"}, {"SizeInMBs", 1}}}}}}}},
       "InvalidArgumentException"},
      {{{"Answers", {{"spot-buffering", {{"Answer", {{"IntervalInSeconds", 60}}}}}}}}, "InvalidArgumentException"},
      {{{"Completed", {"deploy-stack"}},
        {"Answers", {{"athena-reminds", {{"Answer", std::string(LabGuide::kMaxFreeTextChars + 1, 'x')}}}}}},
       "InvalidArgumentException"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(Err(lab, "Lab", "RestoreLabProgress", c.request).code, c.code) << c.request.dump();
  }
  EXPECT_EQ(lab.generation(), g);
  const Json p = Progress(lab);
  EXPECT_EQ(p["Completed"], 0);
  EXPECT_TRUE(p["Answers"].empty());
  // The longest free text is accepted.
  Restore(lab, {{"Answers", {{"athena-reminds", {{"Answer", std::string(LabGuide::kMaxFreeTextChars, 'x')}}}}}});
  EXPECT_EQ(Progress(lab)["Answers"]["athena-reminds"]["Answer"].get<std::string>().size(),
            LabGuide::kMaxFreeTextChars);
}

}  // namespace
}  // namespace fhl
