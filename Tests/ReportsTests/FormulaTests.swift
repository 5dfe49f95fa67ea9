import Beacon
import Reports
import Store
import Testing

/// Each metric's formula against values computed by hand, including empty denominators.
@Suite struct FormulaTests {
    @Test func divisionByZeroIsZero() {
        #expect(Formula.divide(.constant(5), .constant(0)).evaluate([]) == 0)
        #expect(Formula.divide(.constant(0), .constant(0)).evaluate([]) == 0)
        #expect(Formula.divide(.constant(1), .constant(4)).evaluate([]) == 0.25)
    }

    @Test func realtimeRatios() {
        // 4 views, 1 engaged, 6 s of buffering, bitrates 1000 and 3000 on two of them.
        #expect(Metric.sumViewTime.value([4]) == 40)
        #expect(Metric.averageEngagement.value([1, 4]) == 0.25)
        #expect(Metric.averageBuffering.value([3, 4]) == 0.75)
        #expect(Metric.bufferTimeRatio.value([6, 4]) == 0.15)
        #expect(Metric.averageBitrate.value([4000, 2]) == 2000)
        #expect(Metric.averageBandwidth.value([900, 3]) == 300)
        #expect(Metric.sumViewTimeLive.value([3]) == 30)
        #expect(Metric.sumViewTimeDVR.value([2]) == 20)
    }

    @Test func ratiosOverNothingAreZero() {
        for metric in [Metric.averageEngagement, .averageBuffering, .averageDVR, .bufferTimeRatio, .averageBitrate, .averageBandwidth] {
            #expect(metric.value(Array(repeating: 0, count: metric.inputs.count)) == 0, "\(metric.header)")
        }
        #expect(Metric.averageLiveLatency.value([]) == 0)
    }

    @Test func dynamicViewersDivideByBucketUnitsAndRoundUp() {
        // A 60-s bucket is six 10-s periods: 13 VIEWs are 2.17 concurrent viewers, shown as 3.
        #expect(Metric.viewers.value([13], bucketUnits: 6) == 3)
        #expect(Metric.viewersDVR.value([3], bucketUnits: 6) == 0.5)
        #expect(Metric.viewers.value([0], bucketUnits: 6) == 0)
    }

    @Test func topContentFormulas() {
        // 12 VIEWs = 2 minutes; 4 plays out of 8 loads; quartiles 4, 3, 2, 1.
        #expect(Metric.sumTimeViewed.value([12]) == 2)
        #expect(Metric.averageTimeViewed.value([12, 4]) == 0.5)
        #expect(Metric.loadPlayRatio.value([4, 8]) == 0.5)
        #expect(Metric.averageDropOff.value([4, 3, 2, 1, 4]) == 0.625)
        #expect(Metric.averageCompletionRate.value([1, 4]) == 0.25)
        #expect(Metric.averageViewPeriodTime.value([12, 0]) == 0)
        #expect(Metric.loadPlayRatio.value([3, 0]) == 0)
    }

    @Test func uniquesAreFloored() {
        #expect(Metric.uniqueAudience.rounding == .floor)
        #expect(Metric.viewers.rounding == .ceil)
    }

    @Test func everyRealtimeMetricReadsOnlyViewsExceptErrors() {
        let realtime = ReportDefinition.all.filter { $0.id > 10000 }
        for report in realtime {
            for metric in report.graphMetrics + report.tableMetrics where metric.header != "error" {
                for input in metric.inputs {
                    #expect(reads(input.predicate, .view), "\(report.name).\(metric.header)")
                }
            }
        }
    }

    private func reads(_ predicate: Predicate?, _ type: EventType) -> Bool {
        switch predicate {
        case .eventType(let found)?: found == type
        case .all(let predicates)?: predicates.contains { reads($0, type) }
        default: false
        }
    }
}

@Suite struct PHPNumberTests {
    @Test(arguments: [
        (5.0, "5"), (0.0, "0"), (-0.0, "0"), (1.0 / 3.0, "0.33333333333333"), (2.0 / 3.0, "0.66666666666667"), (0.5, "0.5"),
        (1234567.25, "1234567.25"), (0.00001, "1.0E-5"), (1e15, "1.0E+15"), (-2.5, "-2.5"),
        (99_999_999_999_999, "99999999999999"), (1e14, "1.0E+14"), (-42, "-42"), (123_456_789_012_345, "1.2345678901234E+14"),
    ])
    func printsLikePHP(value: Double, text: String) {
        #expect(PHPNumber.format(value) == text)
    }
}
