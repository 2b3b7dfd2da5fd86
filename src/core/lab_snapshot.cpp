// lab_snapshot.cpp: Lab::SaveSnapshot / Lab::RestoreSnapshot: the whole lab as one snapshot (snapshot.h) and back,
// all-or-nothing. Restore decodes everything into a scratch Lab first (every check happens there), then moves the
// state into this lab's own service objects, which keep their identity: services, the guide and CloudFormation hold
// references to one another, to rng_ and to the Lab, and all of them stay valid.
// Plain C++: must not depend on the UI, the platform or any storage API (the page stores the bytes).
//
// Sections: LABF (clock, seed, lab names), RNG, S3OB, METR, FHSE, DEMO, GLUE, ATHN (binary, snapshot_services.cpp)
// and one JSON section per component that keeps its state as JSON (Lab::Persistence::JsonParts).
#include <algorithm>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/athena_service.h"
#include "core/demo_producer.h"
#include "core/firehose_service.h"
#include "core/cfn_stack_service.h"
#include "core/glue_catalog.h"
#include "core/iam_service.h"
#include "core/lab.h"
#include "core/lab_guide.h"
#include "core/metrics_store.h"
#include "core/object_store.h"
#include "core/rng.h"
#include "core/snapshot.h"
#include "core/table_scan.h"

namespace fhl {
namespace {

constexpr uint32_t kLabTag = SnapshotTag("LABF");
constexpr uint32_t kRngTag = SnapshotTag("RNG ");
constexpr uint32_t kObjectsTag = SnapshotTag("S3OB");
constexpr uint32_t kMetricsTag = SnapshotTag("METR");
constexpr uint32_t kFirehoseTag = SnapshotTag("FHSE");
constexpr uint32_t kDemoTag = SnapshotTag("DEMO");
constexpr uint32_t kGlueTag = SnapshotTag("GLUE");
constexpr uint32_t kAthenaTag = SnapshotTag("ATHN");
constexpr uint32_t kJsonTag = SnapshotTag("JSON");  // payload: component name, then its state as JSON text

}  // namespace

// [SECTION] the parts of a snapshot

struct Lab::Persistence {
  // A component whose state is JSON (SaveState/LoadState, all-or-nothing).
  struct JsonPart {
    const char* name;
    Json (*save)(const Lab&);
    Status (*load)(Lab&, const Json&);
  };

  // The components kept as JSON: one line each.
  static const std::vector<JsonPart>& JsonParts() {
    static const std::vector<JsonPart> parts = {
        {"iam", [](const Lab& l) { return l.iam_->SaveState(); }, [](Lab& l, const Json& j) { return l.iam_->LoadState(j); }},
        {"cfn", [](const Lab& l) { return l.cfn_->SaveState(); }, [](Lab& l, const Json& j) { return l.cfn_->LoadState(j); }},
        {"guide", [](const Lab& l) { return l.guide_->SaveState(); }, [](Lab& l, const Json& j) { return l.guide_->LoadState(j); }},
    };
    return parts;
  }

  struct Fields {
    TimeUs now = 0, last_prune = 0;
    uint64_t seed = 0;
    std::string stream_name, bucket_name;
  };

  static Fields GetFields(const Lab& lab) {
    return Fields{lab.now_, lab.last_prune_, lab.seed_, lab.lab_stream_name_, lab.lab_bucket_name_};
  }
  static void SetFields(Lab& lab, Fields f) {
    lab.now_ = f.now;
    lab.last_prune_ = f.last_prune;
    lab.seed_ = f.seed;
    lab.lab_stream_name_ = std::move(f.stream_name);
    lab.lab_bucket_name_ = std::move(f.bucket_name);
  }

  static void SaveFields(const Lab& lab, SnapshotWriter& w) {
    w.I64(lab.now_);
    w.I64(lab.last_prune_);
    w.U64(lab.seed_);
    w.String(lab.lab_stream_name_);
    w.String(lab.lab_bucket_name_);
  }

  static Status LoadFields(Fields* f, SnapshotReader& r) {
    f->now = r.I64();
    f->last_prune = r.I64();
    f->seed = r.U64();
    f->stream_name = r.String();
    f->bucket_name = r.String();
    r.ExpectEnd();
    return r.ok() ? Status::Ok() : Status(r.error());
  }

  static Status LoadRng(Rng* rng, SnapshotReader& r) {
    rng->Load(r);
    r.ExpectEnd();
    return r.ok() ? Status::Ok() : Status(r.error());
  }

  // The sections of a body, checked for repeats, unknown parts and missing parts.
  struct Sections {
    std::map<uint32_t, std::string_view> binary;
    std::map<size_t, std::string_view> json;  // index in JsonParts() -> JSON text
  };

  static Status Split(SnapshotReader& body, Sections* out) {
    const auto& parts = JsonParts();
    uint32_t tag = 0;
    SnapshotReader r(std::string_view{});
    while (body.NextSection(&tag, &r)) {
      if (tag == kJsonTag) {
        const std::string name = r.String();
        const std::string_view text = r.StringView();
        r.ExpectEnd();
        if (!r.ok()) return r.error();
        size_t i = 0;
        while (i < parts.size() && name != parts[i].name) ++i;
        if (i == parts.size()) return SnapshotDamaged("it holds an unknown part '" + name + "'");
        if (!out->json.emplace(i, text).second) return SnapshotDamaged("part '" + name + "' appears twice");
        continue;
      }
      if (!out->binary.emplace(tag, r.Rest()).second) {
        return SnapshotDamaged("part " + SnapshotTagName(tag) + " appears twice");
      }
    }
    if (!body.ok()) return body.error();
    for (const auto& [t, payload] : out->binary) {
      bool known = false;
      for (uint32_t k : kBinaryTags) known |= k == t;
      if (!known) return SnapshotDamaged("it holds an unknown part " + SnapshotTagName(t));
    }
    for (uint32_t required : kBinaryTags) {
      if (!out->binary.count(required)) return SnapshotDamaged("part " + SnapshotTagName(required) + " is missing");
    }
    return Status::Ok();
  }

  // Decodes one binary service section into a service of `lab` (LABF and RNG are handled by the caller).
  static Status LoadService(Lab& lab, uint32_t tag, std::string_view payload) {
    SnapshotReader r(payload, "section " + SnapshotTagName(tag));
    switch (tag) {
      case kObjectsTag: return lab.s3_->Load(r);
      case kMetricsTag: return lab.metrics_->Load(r);
      case kFirehoseTag: return lab.firehose_->Load(r);
      case kDemoTag: return lab.producer_->Load(r);
      case kGlueTag: return lab.glue_->Load(r);
      case kAthenaTag: return lab.athena_->Load(r);
    }
    return SnapshotDamaged("it holds an unknown part " + SnapshotTagName(tag));
  }

  static constexpr uint32_t kBinaryTags[] = {kLabTag,      kRngTag,  kObjectsTag, kMetricsTag,
                                             kFirehoseTag, kDemoTag, kGlueTag,    kAthenaTag};
  // Services that hold references (so their state is decoded again into this lab's objects instead of moved).
  static constexpr uint32_t kReloadedTags[] = {kFirehoseTag, kDemoTag, kAthenaTag};
};

// [SECTION] save

std::string Lab::SaveSnapshot() const {
  SnapshotWriter w;
  // One allocation for the whole snapshot: object bodies and buffers dominate; metric cells take 40 bytes each.
  uint64_t estimate = s3_->used_bytes() + metrics_->cell_count() * 48 + (4u << 20);
  for (const DeliveryStream* stream : firehose_->List()) estimate += stream->buffer.bytes.size();
  w.Reserve(static_cast<size_t>(std::min<uint64_t>(estimate, kMaxSnapshotBytes)));
  auto section = [&w](uint32_t tag, auto&& write) {
    const size_t mark = w.BeginSection(tag);
    write();
    w.EndSection(mark);
  };
  section(kLabTag, [&] { Persistence::SaveFields(*this, w); });
  section(kRngTag, [&] { rng_->Save(w); });
  section(kObjectsTag, [&] { s3_->Save(w); });
  section(kMetricsTag, [&] { metrics_->Save(w); });
  section(kFirehoseTag, [&] { firehose_->Save(w); });
  section(kDemoTag, [&] { producer_->Save(w); });
  section(kGlueTag, [&] { glue_->Save(w); });
  section(kAthenaTag, [&] { athena_->Save(w); });
  for (const Persistence::JsonPart& part : Persistence::JsonParts()) {
    section(kJsonTag, [&] {
      w.String(part.name);
      w.String(DumpJson(part.save(*this)));
    });
  }
  return w.Finish();
}

// [SECTION] restore

Status Lab::RestoreSnapshot(std::string_view bytes) {
  using P = Persistence;
  Result<SnapshotReader> opened = OpenSnapshot(bytes);
  if (!opened.ok()) return opened.error();
  P::Sections sections;
  if (Status split = P::Split(opened.value(), &sections); !split.ok()) return split;

  // 1. Check: decode everything into a scratch lab (nothing of this lab is touched).
  LabOptions options;
  options.create_lab_resources = false;
  Lab scratch(options);
  P::Fields fields;
  Rng rng;
  {
    SnapshotReader r(sections.binary[kLabTag], "section LABF");
    if (Status s = P::LoadFields(&fields, r); !s.ok()) return s;
    SnapshotReader g(sections.binary[kRngTag], "section RNG ");
    if (Status s = P::LoadRng(&rng, g); !s.ok()) return s;
  }
  for (uint32_t tag : {kObjectsTag, kMetricsTag, kFirehoseTag, kDemoTag, kGlueTag, kAthenaTag}) {
    if (Status s = P::LoadService(scratch, tag, sections.binary[tag]); !s.ok()) return s;
  }
  const auto& parts = P::JsonParts();
  std::vector<Json> json_states(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    auto it = sections.json.find(i);
    if (it == sections.json.end()) {
      json_states[i] = parts[i].save(scratch);  // an older snapshot without this part: it starts fresh
      continue;
    }
    std::optional<Json> state = ParseJson(it->second);
    if (!state) return SnapshotDamaged(std::string("part '") + parts[i].name + "' is not valid JSON");
    if (Status s = parts[i].load(scratch, *state); !s.ok()) {
      return SnapshotDamaged(std::string("part '") + parts[i].name + "' was refused: " + s.error().message);
    }
    json_states[i] = std::move(*state);
  }

  // 2. Commit into this lab's own objects. What could still fail (the same decoders on the same bytes, or a JSON
  // part that accepted the state in the scratch lab) is undone from the previous state kept here.
  const uint64_t generation_before = generation();
  std::map<uint32_t, std::string> previous_binary;
  for (uint32_t tag : P::kReloadedTags) {
    SnapshotWriter w;
    const size_t mark = w.BeginSection(tag);
    if (tag == kFirehoseTag) firehose_->Save(w);
    if (tag == kDemoTag) producer_->Save(w);
    if (tag == kAthenaTag) athena_->Save(w);
    w.EndSection(mark);
    previous_binary[tag] = w.Finish().substr(kSnapshotHeaderBytes + 12);
  }
  std::vector<Json> previous_json;
  for (const P::JsonPart& part : parts) previous_json.push_back(part.save(*this));
  const P::Fields previous_fields = P::GetFields(*this);
  const Rng previous_rng = *rng_;

  auto swap_moved = [&] {
    std::swap(*s3_, *scratch.s3_);
    std::swap(*metrics_, *scratch.metrics_);
    std::swap(*glue_, *scratch.glue_);
  };
  auto undo = [&](size_t reloaded, size_t json_loaded) {
    for (size_t i = 0; i < json_loaded; ++i) parts[i].load(*this, previous_json[i]);
    swap_moved();
    *rng_ = previous_rng;
    P::SetFields(*this, previous_fields);
    for (size_t k = 0; k < reloaded; ++k) {
      const uint32_t tag = P::kReloadedTags[k];
      P::LoadService(*this, tag, previous_binary[tag]);
    }
  };

  size_t reloaded = 0;
  for (uint32_t tag : P::kReloadedTags) {
    Status s = P::LoadService(*this, tag, sections.binary[tag]);
    ++reloaded;
    if (!s.ok()) {
      swap_moved();  // undo() swaps back
      undo(reloaded, 0);
      return s;
    }
  }
  swap_moved();
  *rng_ = rng;
  P::SetFields(*this, fields);
  for (size_t i = 0; i < parts.size(); ++i) {
    Status s = parts[i].load(*this, json_states[i]);
    if (!s.ok()) {
      undo(reloaded, i);
      return SnapshotDamaged(std::string("part '") + parts[i].name + "' was refused: " + s.error().message);
    }
  }
  serde_cache_->Clear();
  // Observers (the UI's caches) see a change: the total generation moves strictly forward.
  generation_ = 0;
  generation_ = generation_before + 1 - generation();
  return Status::Ok();
}

}  // namespace fhl
