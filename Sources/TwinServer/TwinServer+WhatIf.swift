import Foundation
import Hummingbird
import HummingbirdAuth
import LiveTwin
import Reports

extension TwinServer {
    /// What-if forks, the forecast and operators' set-points: writes on `control` (routes that need the control
    /// scope), the set-point log on `reads`.
    static func addWhatIfRoutes(
        control router: RouterGroup<TwinRequestContext>, reads: RouterGroup<TwinRequestContext>, model: LiveTwinModel
    ) {
        router.post("/v1/forks") { _, _ in
            let fork: WhatIfFork
            do {
                fork = try await model.fork(now: Date().timeIntervalSince1970)
            } catch let problem as RequestProblem {
                throw HTTPError(.conflict, message: problem.description)
            }
            return try json(ForkSummary(fork), status: .created)
        }
        router.patch("/v1/forks/:id") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.body.collect(upTo: maximumBodyBytes)
            struct Edits: Decodable { var edits: [ForkEdit] }
            let edits: Edits
            do {
                edits = try JSONDecoder().decode(Edits.self, from: Data(buffer: body))
            } catch {
                throw HTTPError(.badRequest, message: "the body is not {\"edits\": [...]}: \(Self.describe(error))")
            }
            let fork: WhatIfFork
            do {
                fork = try await model.edit(fork: id, edits.edits)
            } catch let problem as RequestProblem {
                throw HTTPError(problem.description.hasPrefix("no fork") ? .notFound : .badRequest, message: problem.description)
            }
            return try json(ForkSummary(fork))
        }
        router.post("/v1/forks/:id/solve") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.body.collect(upTo: 1 << 16)
            struct Study: Decodable {
                var study: String?
                var hours: Double?
            }
            let ask = body.readableBytes == 0 ? nil : try? JSONDecoder().decode(Study.self, from: Data(buffer: body))
            switch ask?.study ?? "power_flow" {
            case "power_flow":
                let result: ForkResult
                do {
                    result = try await model.solve(fork: id)
                } catch let problem as RequestProblem {
                    throw HTTPError(problem.description.hasPrefix("no fork") ? .notFound : .unprocessableContent, message: problem.description)
                }
                return try json(result)
            case "n-1":
                let security: ForkSecurity
                do {
                    security = try await model.fork(id).contingencies()  // the study runs outside the model's actor
                } catch let problem as RequestProblem {
                    throw HTTPError(problem.description.hasPrefix("no fork") ? .notFound : .unprocessableContent, message: problem.description)
                }
                return try json(security)
            case "forecast":
                guard let scenario = model.scenario else {
                    throw HTTPError(.notFound, message: "no scenario: serve a scenario file (its profiles are the forecast)")
                }
                guard let hours = ask?.hours else { throw HTTPError(.badRequest, message: "hours: missing (a forecast covers N hours)") }
                let forecast: TwinForecast
                do {
                    forecast = try await model.fork(id).forecast(scenario: scenario, hours: hours)  // outside the model's actor
                } catch let problem as RequestProblem {
                    throw HTTPError(problem.description.hasPrefix("no fork") ? .notFound : .unprocessableContent, message: problem.description)
                }
                return try json(forecast)
            case let other:
                throw HTTPError(.badRequest, message: "study: '\(other)' is not power_flow, n-1 or forecast")
            }
        }
        router.delete("/v1/forks/:id") { _, context in
            let id = try context.parameters.require("id")
            guard await model.deleteFork(id) else { throw HTTPError(.notFound, message: "no fork \(id)") }
            return Response(status: .noContent)
        }
        router.post("/v1/forecast") { request, _ in
            guard let scenario = model.scenario else {
                throw HTTPError(.notFound, message: "no scenario: serve a scenario file (its profiles are the forecast)")
            }
            let body = try await request.body.collect(upTo: 1 << 16)
            struct Ask: Decodable { var hours: Double }
            guard let ask = try? JSONDecoder().decode(Ask.self, from: Data(buffer: body)) else {
                throw HTTPError(.badRequest, message: "the body is not {\"hours\": N}")
            }
            let forecast: TwinForecast
            do {
                let present = try await model.present()
                forecast = try TwinForecast.run(scenario: scenario, measuredAt: present.measuredAt, voltages: present.voltages, hours: ask.hours)
            } catch let problem as RequestProblem {
                throw HTTPError(.unprocessableContent, message: problem.description)
            }
            return try json(forecast)
        }
        router.post("/v1/setpoints") { request, context in
            let body = try await request.body.collect(upTo: 1 << 16)
            var setPoint: SetPoint
            do {
                setPoint = try JSONDecoder().decode(SetPoint.self, from: Data(buffer: body))
            } catch {
                throw HTTPError(.badRequest, message: "the body is not a set-point: \(Self.describe(error))")
            }
            // Recorded under the token's name: the audit trail says who, whatever the body claims.
            let name = try context.requireIdentity().name
            if let claimed = setPoint.operator, claimed != name {
                throw HTTPError(.forbidden, message: "operator: '\(claimed)' is not the token's name '\(name)' (leave it out)")
            }
            setPoint.operator = name
            let recorded: SetPoint
            do {
                recorded = try await model.record(setPoint, now: Date().timeIntervalSince1970)
            } catch let problem as RequestProblem {
                throw HTTPError(.badRequest, message: problem.description)
            }
            return try json(recorded, status: .created)
        }
        reads.get("/v1/setpoints") { request, _ in
            let query = request.uri.queryParameters
            let from = try number(query, "from", default: 0), to = try number(query, "to", default: 1e11)
            return try json(try await model.setPoints(from: from, to: to))
        }
    }
}
