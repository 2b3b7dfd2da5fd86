// athena_number_format.h: numbers printed as Trino (Java) prints them: Double.toString / Float.toString
// (shortest round-trip digits; plain notation for 1e-3 <= |x| < 1e7, else "1.0E7"). Plain C++.
#pragma once

#include <string>

namespace fhl {

std::string JavaDoubleToString(double v);  // 84.51, 2.0, 1.0E7, 1.0E-4, NaN, Infinity, -0.0
std::string JavaFloatToString(float v);

}  // namespace fhl
